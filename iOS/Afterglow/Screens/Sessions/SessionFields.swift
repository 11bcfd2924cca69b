import SharedTypes
import SwiftUI

/// What the patient has entered about a session so far (first run and "add another session").
struct SessionDraft {
    var start = Date()
    var depthMm = 1.0
    var planned = false
    var screening: Set<Screening> = []
    /// The areas treated (review #8: was always the face, and so shared with the clinic).
    var areas: Set<TreatedArea> = [.face]

    /// Local wall-clock time plus the zone: the core resolves it (DST gaps included) and refuses
    /// what it cannot read.
    func form(areaOrder: [TreatedArea]) -> SessionForm {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return SessionForm(
            start: formatter.string(from: start), zone: TimeZone.current.identifier,
            depthMm: String(format: "%.2f", locale: Locale(identifier: "en_US_POSIX"), depthMm),
            areas: areaOrder.filter(areas.contains), device: nil, notes: nil, planned: planned,
            screening: Array(screening)
        )
    }
}

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
            Stepper(value: $draft.depthMm, in: 0.25...3, step: 0.25) {
                HStack {
                    Text(words.depth)
                    Spacer()
                    Text(verbatim: String(format: "%.2f", draft.depthMm))
                }
            }
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
