import SharedTypes
import SwiftUI

/// The session form's sections, every word the core's (`ViewModel.sessionForm`, areas,
/// screening questions) (review #7).
struct SessionFields: View {
    @Environment(Core.self) private var core
    @Binding var draft: SessionDraft

    var body: some View {
        let words = core.view.sessionForm
        Section(words.session) {
            Text(words.intro).font(.footnote)
            DatePicker(words.start, selection: $draft.start)
            // Typed, not stepped: any depth the core accepts can be entered (a stepper offered
            // quarter millimetres only).
            TextField(words.depth, text: $draft.depthMm)
                .keyboardType(.decimalPad)
            Toggle(words.planned, isOn: $draft.planned)
        }
        Section(words.areas) {
            ForEach(core.view.treatedAreas, id: \.area) { choice in
                Toggle(choice.label, isOn: Binding(
                    get: { draft.areas.contains(choice.area) },
                    set: { if $0 { draft.areas.insert(choice.area) } else { draft.areas.remove(choice.area) } }
                ))
            }
        }
        Section(core.view.screening.title) {
            ForEach(core.view.screening.questions, id: \.item) { question in
                Toggle(question.text, isOn: Binding(
                    get: { draft.screening.contains(question.item) },
                    set: { if $0 { draft.screening.insert(question.item) } else { draft.screening.remove(question.item) } }
                ))
            }
        }
    }
}
