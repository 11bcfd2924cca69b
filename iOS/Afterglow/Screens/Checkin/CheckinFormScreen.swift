import SharedTypes
import SwiftUI

/// The symptom check-in, one step at a time. The form is the core's (`view.checkins.form`):
/// this screen draws its step with the questionnaire's words, sends each answer as it is given
/// and sends Next/Back. Which step follows, what is missing and when an urgent answer goes are
/// decided in the core (shared/src/checkin/draft.rs); while it shows a result, so does this.
struct CheckinFormScreen: View {
    @Environment(Core.self) private var core

    var body: some View {
        let checkins = core.view.checkins
        if let form = checkins.form {
            StepForm(form: form, questions: checkins.questionnaire, send: { core.update(.checkin($0)) })
                .navigationTitle(checkins.labels.title)
        } else {
            CheckinResultScreen()
        }
    }
}

private struct StepForm: View {
    let form: FormView
    let questions: Questionnaire
    let send: (CheckinEvent) -> Void

    var body: some View {
        Form {
            Text(form.progressLabel).font(.caption)
            switch form.step {
            case .urgentFirst:
                Section {
                    Text(questions.urgentFirstHint)
                    // Each question is a button: a tap is a "yes", and the core sends the check-in.
                    ForEach(questions.urgentFirst, id: \.sign) { question in
                        Button(question.text, role: .destructive) { answer(.sign(sign: question.sign, yes: true)) }
                    }
                } header: { Text(questions.urgentFirstTitle) }
            case .skin:
                Score(title: questions.rednessTitle, value: form.redness, labels: questions.redness, unanswered: questions.unansweredLabel) { answer(.redness(score: $0)) }
                Score(title: questions.swellingTitle, value: form.swelling, labels: questions.swelling, unanswered: questions.unansweredLabel) { answer(.swelling(score: $0)) }
            case .painAndItch:
                Score(title: questions.painTitle, value: form.pain, labels: questions.scoreSteps, unanswered: questions.unansweredLabel) { answer(.pain(score: $0)) }
                Score(title: questions.itchTitle, value: form.itch, labels: questions.scoreSteps, unanswered: questions.unansweredLabel) { answer(.itch(score: $0)) }
            case .signs:
                Section(questions.dischargeTitle) {
                    Picker(questions.dischargeTitle, selection: Binding(
                        get: { form.discharge },
                        set: { if let choice = $0 { answer(.discharge(discharge: choice)) } }
                    )) {
                        Text(questions.unansweredLabel).tag(Discharge?.none)
                        ForEach(questions.discharge, id: \.discharge) { option in
                            Text(option.text).tag(Discharge?.some(option.discharge))
                        }
                    }
                }
                Section(questions.otherSignsTitle) {
                    ForEach(questions.otherSigns, id: \.sign) { question in
                        Toggle(question.text, isOn: Binding(
                            get: { form.signs.contains(question.sign) },
                            set: { answer(.sign(sign: question.sign, yes: $0)) }
                        ))
                    }
                }
            case .finish:
                Finish(form: form, questions: questions, answer: answer)
            }
            if let problem = form.problem { Text(problem).foregroundStyle(.red) }
            HStack {
                if let back = form.backLabel { Button(back) { send(.back) } }
                Spacer()
                Button(form.nextLabel) { send(.next) }.buttonStyle(.borderedProminent)
            }
        }
    }

    private func answer(_ answer: CheckinAnswer) { send(.answer(answer: answer)) }
}

/// The typed fields echo what is typed at once; the core's copy arrives a moment later.
private struct Finish: View {
    let form: FormView
    let questions: Questionnaire
    let answer: (CheckinAnswer) -> Void
    @State private var temperature = ""
    @State private var note = ""

    var body: some View {
        Section(questions.temperatureLabel) {
            TextField(questions.temperatureExample, text: $temperature)
                .keyboardType(.decimalPad)
                .onChange(of: temperature) { _, typed in answer(.temperature(text: typed)) }
            Toggle(questions.fahrenheitLabel, isOn: Binding(get: { form.fahrenheit }, set: { answer(.fahrenheit(on: $0)) }))
        }
        Section {
            TextField(questions.noteLabel, text: $note, axis: .vertical)
                .onChange(of: note) { _, typed in answer(.note(text: typed)) }
        }
        .onAppear { temperature = form.temperature; note = form.note }
    }
}

/// One score, unanswered until chosen; the steps' words are the core's.
private struct Score: View {
    let title: String
    let value: UInt8?
    let labels: [String]
    let unanswered: String
    let choose: (UInt8) -> Void

    var body: some View {
        Picker(title, selection: Binding(get: { value }, set: { if let chosen = $0 { choose(chosen) } })) {
            Text(unanswered).tag(UInt8?.none)
            ForEach(Array(labels.enumerated()), id: \.offset) { index, label in
                Text(label).tag(UInt8?.some(UInt8(index)))
            }
        }
    }
}
