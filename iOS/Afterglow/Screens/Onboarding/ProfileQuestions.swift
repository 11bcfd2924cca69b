import SharedTypes
import SwiftUI

/// What changes the advice; each answer is saved at once. These produce warnings to discuss
/// with the clinic, never a refusal.
struct ProfileQuestions: View {
    @Environment(Core.self) private var core

    var body: some View {
        let profile = core.view.profile
        Toggle("I get cold sores", isOn: binding(profile.coldSoreHistory) { $0.coldSoreHistory = $1 })
        Toggle("I am pregnant", isOn: binding(profile.pregnant) { $0.pregnant = $1 })
        Toggle("I took isotretinoin in the last 6 months", isOn: binding(profile.isotretinoinLast6Months) { $0.isotretinoinLast6Months = $1 })
        Toggle("I take blood thinners", isOn: binding(profile.anticoagulants) { $0.anticoagulants = $1 })
        Toggle("My skin forms raised scars (keloids)", isOn: binding(profile.keloidTendency) { $0.keloidTendency = $1 })
        Picker("Skin type (Fitzpatrick)", selection: Binding(
            get: { profile.fitzpatrick },
            set: { value in var changed = profile; changed.fitzpatrick = value; core.update(.setProfile(profile: changed)) }
        )) {
            Text("Not sure").tag(UInt8?.none)
            ForEach(1...6, id: \.self) { Text("\($0)").tag(UInt8?.some(UInt8($0))) }
        }
    }

    private func binding(_ value: Bool, _ set: @escaping (inout Profile, Bool) -> Void) -> Binding<Bool> {
        Binding(get: { value }, set: { newValue in
            var changed = core.view.profile
            set(&changed, newValue)
            core.update(.setProfile(profile: changed))
        })
    }
}
