import SharedTypes
import SwiftUI

/// The symptom check-in. The form only collects answers; the core validates and triages them.
/// The questions, their order and their words are the core's (`view.checkins.questionnaire`).
struct CheckinFormScreen: View {
    @Environment(Core.self) private var core
    // Nothing is pre-filled: an unanswered score stays unanswered (clinical review, majors 10, 11).
    @State private var redness: UInt8?
    @State private var swelling: UInt8?
    @State private var pain: UInt8?
    @State private var itch: UInt8?
    @State private var temperature = ""
    @State private var fahrenheit = false
    @State private var discharge: Discharge?
    @State private var signs: Set<Sign> = []
    @State private var note = ""
    @State private var submitted = false

    var body: some View {
        let questions = core.view.checkins.questionnaire
        Form {
            SignSection(title: questions.urgentFirstTitle, questions: questions.urgentFirst, chosen: $signs)
            Section {
                Score(title: questions.rednessTitle, value: $redness, labels: questions.redness, unanswered: questions.unansweredLabel)
                Score(title: questions.swellingTitle, value: $swelling, labels: questions.swelling, unanswered: questions.unansweredLabel)
                Score(title: questions.painTitle, value: $pain, labels: (0...10).map { "\($0)" }, unanswered: questions.unansweredLabel)
                Score(title: questions.itchTitle, value: $itch, labels: (0...10).map { "\($0)" }, unanswered: questions.unansweredLabel)
            }
            Section(questions.temperatureLabel) {
                TextField(questions.temperatureExample, text: $temperature).keyboardType(.decimalPad)
                Toggle(questions.fahrenheitLabel, isOn: $fahrenheit)
            }
            Section(questions.dischargeTitle) {
                Picker(questions.dischargeTitle, selection: $discharge) {
                    Text(questions.unansweredLabel).tag(Discharge?.none)
                    ForEach(questions.discharge, id: \.discharge) { option in
                        Text(option.text).tag(Discharge?.some(option.discharge))
                    }
                }
            }
            SignSection(title: questions.otherSignsTitle, questions: questions.otherSigns, chosen: $signs)
            Section { TextField(questions.noteLabel, text: $note, axis: .vertical) }
            Button(questions.submitLabel, action: submit)
        }
        .navigationTitle("Check-in")
        .navigationDestination(isPresented: $submitted) { CheckinResultScreen() }
    }

    private func submit() {
        let form = CheckinForm(
            redness: redness, swelling: swelling, pain: pain, itch: itch,
            // As typed: the core reads it and says what it cannot read.
            temperature: temperature.isEmpty ? nil : TemperatureInput(text: temperature, unit: fahrenheit ? .fahrenheit : .celsius),
            discharge: discharge,
            signs: Array(signs),
            note: note.isEmpty ? nil : note
        )
        core.update(.checkin(.submit(form: form)))
        submitted = true
    }
}

/// One group of yes/no signs, in the core's order and words.
private struct SignSection: View {
    let title: String
    let questions: [SignQuestion]
    @Binding var chosen: Set<Sign>

    var body: some View {
        Section(title) {
            ForEach(questions, id: \.sign) { question in
                Toggle(question.text, isOn: Binding(
                    get: { chosen.contains(question.sign) },
                    set: { if $0 { chosen.insert(question.sign) } else { chosen.remove(question.sign) } }
                ))
            }
        }
    }
}

/// One score, unanswered until chosen; the steps' words are the core's where it has them.
private struct Score: View {
    let title: String
    @Binding var value: UInt8?
    let labels: [String]
    let unanswered: String

    var body: some View {
        Picker(title, selection: $value) {
            Text(unanswered).tag(UInt8?.none)
            ForEach(Array(labels.enumerated()), id: \.offset) { index, label in
                Text(label).tag(UInt8?.some(UInt8(index)))
            }
        }
    }
}
