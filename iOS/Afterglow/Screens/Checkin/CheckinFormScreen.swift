import SharedTypes
import SwiftUI

/// The symptom check-in. The form only collects answers; the core validates and triages them.
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
                    Text("None").tag(Discharge?.some(.none))
                    Text("Clear").tag(Discharge?.some(.clear))
                    Text("Spots of blood").tag(Discharge?.some(.blood))
                    Text("Cloudy, yellow, green or thick fluid, or a bad smell").tag(Discharge?.some(.pus))
                }
            }
            Section("Do any of these apply?") {
                ForEach(Sign.allAnswers, id: \.self) { sign in
                    Toggle(sign.question, isOn: Binding(
                        get: { signs.contains(sign) },
                        set: { if $0 { signs.insert(sign) } else { signs.remove(sign) } }
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
            signs: Sign.allAnswers.filter(signs.contains),
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

extension Sign {
    /// The core's urgent-first order, then the other signs (the generated enum is not CaseIterable).
    /// The wording is the core's `Sign::question` (shared/src/checkin/answers.rs).
    static let allAnswers: [Sign] = [.allergy, .systemic, .eye, .spreading, .streaks, .bleeding, .worsening, .warmth, .blisters, .unwell, .bumps, .darkPatches]

    var question: String {
        switch self {
        case .allergy: "Swelling of your lips, tongue or throat, trouble breathing, widespread hives, or feeling faint"
        case .systemic: "A racing heart or fast breathing, vomiting, dizziness or fainting, confusion, or cold and clammy skin"
        case .eye: "Eye pain, a red eye, a change in vision, swelling closing the eye, or blisters or sores near the eye"
        case .spreading: "Redness spreading beyond the treated area"
        case .streaks: "Red streaks running from the treated area"
        case .bleeding: "Bleeding that does not stop after 10–15 minutes of firm pressure"
        case .worsening: "Redness, swelling or pain worse than yesterday"
        case .warmth: "The treated area feels warmer than the skin around it"
        case .blisters: "Blisters or cold-sore-like sores, or a tingling patch that turns into sores"
        case .unwell: "Feeling feverish, shivery or unwell"
        case .bumps: "New firm bumps"
        case .darkPatches: "Dark patches on the treated skin"
        }
    }
}
