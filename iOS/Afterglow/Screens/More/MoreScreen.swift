import SharedTypes
import SwiftUI

/// Settings and exports: the clinic link, reminders, the profile, the PDF report.
struct MoreScreen: View {
    @Environment(Core.self) private var core
    @Environment(\.enrollLink) private var enrollLink
    @State private var report: URL?
    @State private var showClinic = false

    var body: some View {
        // The clinic's place as the navigation names it ("Clinic", "Clínica").
        let clinic = core.view.navigation.places.first { $0.place == .clinic }?.label ?? ""
        List {
            Button(core.view.sharing.linked ? "\(clinic) · \(core.view.sharing.status)" : clinic) { showClinic = true }
            NavigationLink(core.view.sessionForm.listTitle) { SessionsScreen() }
            NavigationLink(core.view.reminders.words.title) { RemindersScreen() }
            NavigationLink(core.view.profileForm.title) { Form { ProfileQuestions() }.navigationTitle(core.view.profileForm.title) }
            Button(core.view.records.sharePdf) { writeReport() }
            NavigationLink(core.view.about.title) { AboutScreen(about: core.view.about) }
            // Only where the device can lock (the core leaves the row out otherwise).
            if let lock = core.view.lock.setting {
                Toggle(isOn: Binding(get: { lock.on }, set: { core.update(.lock(.set(on: $0))) })) {
                    Text(lock.label)
                    Text(lock.hint)
                }
            }
        }
        .navigationTitle(core.view.navigation.more)
        // Back from the clinic or sessions screen, the core is on theirs: More's tab is the
        // reminders screen (review #21).
        .onAppear { core.update(.show(screen: .reminders)) }
        .sheet(item: $report) { ShareSheet(file: $0) }
        .navigationDestination(isPresented: $showClinic) { ClinicScreen() }
        .onChange(of: enrollLink, initial: true) { _, link in if link != nil { showClinic = true } }
    }

    private func writeReport() {
        let file = ShareSheet.folder().appendingPathComponent("afterglow-report.pdf")
        Task {
            do {
                try await core.writeReport(to: file, clock: .device())
                report = file
            } catch {
                core.problem = error.localizedDescription
            }
        }
    }
}

extension URL: @retroactive Identifiable {
    public var id: String { absoluteString }
}
