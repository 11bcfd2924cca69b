import SharedTypes
import SwiftUI

/// The clinic link: link with the invite code (or the QR link that opened the app), then what
/// was shared and what is still queued. Delivery, retries and the token are handled by the Rust
/// library; this screen shows the core's account of it.
struct ClinicScreen: View {
    @Environment(Core.self) private var core
    let enrollLink: String?
    @State private var server = ""
    @State private var code = ""
    @State private var autoShare = false

    var body: some View {
        let sharing = core.view.sharing
        List {
            Text(sharing.status)
            if !sharing.linked || sharing.relinkNeeded {
                Section(sharing.relinkNeeded ? "Link again" : "Link with your clinic") {
                    Text("Enter the code your clinic gave you, or scan its QR code with the Camera app.").font(.callout)
                    TextField("Invite code or link", text: $code).textInputAutocapitalization(.never)
                    // A QR link carries its server; a typed code needs the clinic's address.
                    if !code.hasPrefix("afterglow://") {
                        TextField("Clinic address (https://…)", text: $server)
                            .textInputAutocapitalization(.never).keyboardType(.URL)
                    }
                    Toggle("Send check-ins that need the clinic automatically", isOn: $autoShare)
                    Button("Link") {
                        core.update(.sharing(.link(
                            server: server.trimmingCharacters(in: .whitespaces),
                            inviteCode: code.trimmingCharacters(in: .whitespaces),
                            autoShare: autoShare
                        )))
                    }
                }
            } else {
                Section(sharing.clinicName ?? "Your clinic") {
                    if let phone = sharing.clinicPhone { Text("Phone: \(phone)") }
                    if let advice = sharing.afterHoursAdvice { Text(advice).font(.callout) }
                    NavigationLink("Share with the clinic") { ShareSelectionScreen() }
                    Button("Send now") { core.update(.sharing(.sync)) }
                    Button("Unlink", role: .destructive) { core.update(.sharing(.unlink)) }
                }
                // The clinic could not be reached to end this phone's access: the core's words.
                if let trouble = sharing.unlinkTrouble {
                    Section("Still linked") {
                        Text(trouble.message)
                        Button(trouble.retryLabel) { core.update(.sharing(.unlink)) }
                        Button(trouble.hereOnlyLabel, role: .destructive) { core.update(.sharing(.unlinkHere)) }
                        Text(trouble.hereOnlyNote).font(.callout)
                    }
                }
            }
            if !sharing.items.isEmpty {
                Section("Queued \(sharing.queued) · sent \(sharing.sent) · failed \(sharing.failed)") {
                    ForEach(sharing.items, id: \.id) { item in
                        VStack(alignment: .leading) {
                            Text(item.label)
                            Text(item.stateText).font(.caption)
                            if let reason = item.reason { Text(reason).font(.caption) }
                            if item.state == .queued, let next = item.nextAttemptLabel { Text("Next try \(next)").font(.caption2) }
                        }
                    }
                }
            }
        }
        .navigationTitle("Your clinic")
        .onAppear {
            core.update(.show(screen: .sharing))
            if let enrollLink { code = enrollLink }
        }
    }
}
