import SharedTypes
import SwiftUI

/// First run: the patient enters their session (done or booked) and, optionally, what the
/// clinic should know. Shown until the core reports a current or next session.
struct OnboardingScreen: View {
    @Environment(Core.self) private var core
    @State private var start = Date()
    @State private var depthMm = 1.0
    @State private var planned = false
    @State private var screening: Set<Screening> = []
    /// The areas treated (review #8: was always the face, and so shared with the clinic).
    @State private var areas: Set<TreatedArea> = [.face]

    var body: some View {
        // The session form's words are the core's, in the patient's language (issue 15).
        let words = core.view.sessionForm
        NavigationStack {
            Form {
                if let welcome = core.view.welcome {
                    Section(welcome.title) { ForEach(welcome.lines, id: \.self) { Text($0) } }
                }
                Section {
                    DatePicker(words.start, selection: $start)
                    Stepper("\(words.depth): \(depthMm, specifier: "%.2f")", value: $depthMm, in: 0.25...3, step: 0.25)
                    Toggle(words.planned, isOn: $planned)
                    ForEach(core.view.treatedAreas, id: \.area) { choice in
                        Toggle(choice.label, isOn: Binding(
                            get: { areas.contains(choice.area) },
                            set: { if $0 { areas.insert(choice.area) } else { areas.remove(choice.area) } }
                        ))
                    }
                } header: {
                    Text(words.session)
                } footer: {
                    Text(words.intro)
                }
                Section(core.view.screening.title) {
                    ForEach(core.view.screening.questions, id: \.item) { question in
                        Toggle(question.text, isOn: Binding(
                            get: { screening.contains(question.item) },
                            set: { if $0 { screening.insert(question.item) } else { screening.remove(question.item) } }
                        ))
                    }
                }
                Section(core.view.profileForm.title) { ProfileQuestions() }
                Button(words.save) { core.update(.addSession(form: form)) }
            }
            .navigationTitle(words.title)
        }
    }

    private var form: SessionForm {
        // Local wall-clock time plus the zone: the core resolves it (DST gaps included).
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return SessionForm(
            start: formatter.string(from: start), zone: TimeZone.current.identifier,
            depthMm: String(format: "%.2f", locale: Locale(identifier: "en_US_POSIX"), depthMm), areas: core.view.treatedAreas.map(\.area).filter(areas.contains), device: nil, notes: nil, planned: planned, screening: Array(screening)
        )
    }
}
