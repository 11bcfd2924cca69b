import SharedTypes
import SwiftUI

/// Settings and exports: reminders, the profile, the PDF report (and the clinic link).
struct MoreScreen: View {
    @Environment(Core.self) private var core
    @State private var report: URL?

    var body: some View {
        let careProtocol = core.view.careProtocol
        List {
            NavigationLink("Reminders") { RemindersScreen() }
            NavigationLink("About you") { Form { ProfileQuestions() }.navigationTitle("About you") }
            Button("Share a PDF report") { writeReport() }
            Text("Care protocol: \(careProtocol.name) \(careProtocol.version)" + (careProtocol.isDefault ? " (shipped default)" : " (from your clinic)"))
                .font(.caption)
        }
        .navigationTitle("More")
        .sheet(item: $report) { ShareSheet(file: $0) }
    }

    private func writeReport() {
        let file = ShareSheet.folder().appendingPathComponent("afterglow-report.pdf")
        do {
            try core.writeReport(to: file, clock: .device())
            report = file
        } catch {
            core.problem = error.localizedDescription
        }
    }
}

extension URL: @retroactive Identifiable {
    public var id: String { absoluteString }
}
