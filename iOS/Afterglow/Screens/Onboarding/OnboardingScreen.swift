import SharedTypes
import SwiftUI

/// First run: the patient enters their session (done or booked) and, optionally, what the
/// clinic should know. Shown until the core reports a current or next session. The form is the
/// one "add another session" uses (`SessionFields`); every word is the core's.
struct OnboardingScreen: View {
    @Environment(Core.self) private var core
    /// Made from the core's form when the screen appears.
    @State private var draft: SessionDraft?

    var body: some View {
        NavigationStack {
            Form {
                if let welcome = core.view.welcome {
                    Section(welcome.title) { ForEach(welcome.lines, id: \.self) { Text($0) } }
                }
                if let fields = Binding($draft) { SessionFields(draft: fields) }
                Section(core.view.profileForm.title) { ProfileQuestions() }
                Button(core.view.sessionForm.save) {
                    if let draft { core.update(.addSession(form: draft.form(areaOrder: core.view.treatedAreas.map(\.area)))) }
                }
            }
            .navigationTitle(core.view.sessionForm.title)
            .onAppear { if draft == nil { draft = SessionDraft(opening: core.view.sessionForm) } }
        }
    }
}
