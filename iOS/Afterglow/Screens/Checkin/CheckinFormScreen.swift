import SharedTypes
import SwiftUI

/// The symptom check-in. The form only collects answers; the core validates and triages them.
/// The questions, their order and their words are the core's (`view.checkins.questionnaire`).
struct CheckinFormScreen: View {
    @Environment(Core.self) private var core
    @State private var redness = 0.0
    @State private var swelling = 0.0
    @State private var pain = 0.0
    @State private var itch = 0.0
    @State private var temperature = ""
    @State private var fahrenheit = false
    @State private var discharge: Discharge?
    @State private var signs: Set<Sign> = []
    @State private var note = ""
    @State private var submitted = false

    var body: some View {
        let questions = core.view.checkins.questionnaire
        Form {
            Section("How does it look and feel?") {
                Scale(title: "Redness", value: $redness, max: 4)
                Scale(title: "Swelling", value: $swelling, max: 3)
                Scale(title: "Pain", value: $pain, max: 10)
                Scale(title: "Itch", value: $itch, max: 10)
            }
            Section("Temperature (optional)") {
                TextField("e.g. 37.2", text: $temperature).keyboardType(.decimalPad)
                Toggle("Fahrenheit", isOn: $fahrenheit)
            }
            Section("Any fluid from the treated skin?") {
                Picker("Fluid", selection: $discharge) {
                    Text("Not answered").tag(Discharge?.none)
                    ForEach(questions.discharge, id: \.discharge) { option in
                        Text(option.text).tag(Discharge?.some(option.discharge))
                    }
                }
            }
            Section("Do any of these apply?") {
                ForEach(questions.urgentFirst + questions.otherSigns, id: \.sign) { question in
                    Toggle(question.text, isOn: Binding(
                        get: { signs.contains(question.sign) },
                        set: { if $0 { signs.insert(question.sign) } else { signs.remove(question.sign) } }
                    ))
                }
            }
            Section { TextField("Anything else (optional)", text: $note, axis: .vertical) }
            Button("Check in", action: submit)
        }
        .navigationTitle("Check-in")
        .navigationDestination(isPresented: $submitted) { CheckinResultScreen() }
    }

    private func submit() {
        let value = Double(temperature.replacingOccurrences(of: ",", with: "."))
        let form = CheckinForm(
            redness: UInt8(redness), swelling: UInt8(swelling), pain: UInt8(pain), itch: UInt8(itch),
            temperature: value.map { TemperatureInput(value: $0, unit: fahrenheit ? .fahrenheit : .celsius) },
            discharge: discharge,
            signs: Array(signs),
            note: note.isEmpty ? nil : note
        )
        core.update(.checkin(.submit(form: form)))
        submitted = true
    }
}

private struct Scale: View {
    let title: String
    @Binding var value: Double
    let max: Double

    var body: some View {
        VStack(alignment: .leading) {
            Text("\(title): \(Int(value)) of \(Int(max))")
            Slider(value: $value, in: 0...max, step: 1)
        }
    }
}
