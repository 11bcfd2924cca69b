import SharedTypes
import SwiftUI

/// The clinic link: link with the invite code (or confirm the QR link that opened the app), then what
/// was shared and what is still queued. Delivery, retries and the token are handled by the Rust
/// library; this screen shows the core's account of it.
struct ClinicScreen: View {
    @Environment(Core.self) private var core
    @State private var server = ""
    @State private var code = ""
    @State private var autoShare: Bool?

    var body: some View {
        let sharing = core.view.sharing
        let words = sharing.labels
        List {
            Text(sharing.status)
            if let alert = words.relinkAlert { Text(alert).foregroundStyle(.red) }
            // An invite link opened the app: the core names its server, and nothing is sent
            // until the patient confirms (review #29).
            if let offer = sharing.inviteOffer {
                Section(offer.question) {
                    Text(offer.caution).font(.callout)
                    Toggle(words.autoShareLabel, isOn: Binding(get: { autoShare ?? words.autoShareDefault }, set: { autoShare = $0 }))
                    Button(offer.acceptLabel) {
                        core.update(.sharing(.acceptInvite(autoShare: autoShare ?? words.autoShareDefault)))
                    }
                    Button(offer.declineLabel, role: .cancel) { core.update(.sharing(.declineInvite)) }
                }
            }
            if !sharing.linked || sharing.relinkNeeded {
                Section(words.linkTitle) {
                    Text(words.linkHelp).font(.callout)
                    TextField(words.inviteLabel, text: $code).textInputAutocapitalization(.never)
                    // A pasted invite link carries its server, which the core prefers to this field.
                    TextField(words.serverLabel, text: $server)
                        .textInputAutocapitalization(.never).keyboardType(.URL)
                    Toggle(words.autoShareLabel, isOn: Binding(get: { autoShare ?? words.autoShareDefault }, set: { autoShare = $0 }))
                    Button(words.linkButton) {
                        core.update(.sharing(.link(
                            server: server.trimmingCharacters(in: .whitespaces),
                            inviteCode: code.trimmingCharacters(in: .whitespaces),
                            autoShare: autoShare ?? words.autoShareDefault
                        )))
                    }
                }
            } else {
                Section(sharing.clinicName ?? words.title) {
                    if let phone = words.phoneLine { Text(phone) }
                    if let advice = sharing.afterHoursAdvice { Text(advice).font(.callout) }
                    NavigationLink(words.shareButton) { ShareSelectionScreen() }
                    Button(words.sendNow) { core.update(.sharing(.sync)) }
                    Button(words.unlink, role: .destructive) { core.update(.sharing(.unlink)) }
                }
                // The clinic could not be reached to end this phone's access: the core's words.
                if let trouble = sharing.unlinkTrouble {
                    Section(words.stillLinked) {
                        Text(trouble.message)
                        Button(trouble.retryLabel) { core.update(.sharing(.unlink)) }
                        Button(trouble.hereOnlyLabel, role: .destructive) { core.update(.sharing(.unlinkHere)) }
                        Text(trouble.hereOnlyNote).font(.callout)
                    }
                }
            }
            if !sharing.items.isEmpty {
                Section(words.outboxTitle) {
                    ForEach(sharing.items, id: \.id) { item in
                        VStack(alignment: .leading) {
                            Text(item.label)
                            Text(item.stateText).font(.caption)
                            if let reason = item.reason { Text(reason).font(.caption) }
                        }
                    }
                }
            }
        }
        .navigationTitle(words.title)
        .onAppear { core.update(.show(screen: .sharing)) }
    }
}
