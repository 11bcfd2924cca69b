import SharedTypes
import SwiftUI

/// The whole series, a page at a time (the core opens on the page holding "now").
struct TimelineScreen: View {
    @Environment(Core.self) private var core

    var body: some View {
        let page = core.view.timeline
        List {
            ForEach(Array(page.entries.enumerated()), id: \.offset) { _, entry in
                VStack(alignment: .leading) {
                    Text(entry.title)
                    Text("\(kindLabel(entry.kind)) · session \(entry.sessionNumber) · \(entry.atLabel)").font(.caption)
                }
                .opacity(entry.past ? 0.55 : 1)
            }
            HStack {
                Button("Earlier") { core.update(.showTimelinePage(page: page.page - 1)) }.disabled(page.page == 0)
                Spacer()
                Text("Page \(page.page + 1) of \(page.pageCount)")
                Spacer()
                Button("Later") { core.update(.showTimelinePage(page: page.page + 1)) }.disabled(page.page + 1 >= page.pageCount)
            }
            .buttonStyle(.borderless)
        }
        .navigationTitle("Timeline")
    }

    private func kindLabel(_ kind: EntryKindView) -> String {
        switch kind {
        case .session: "Session"
        case .unlock: "Allowed again"
        case .milestone: "Milestone"
        case .prep: "Preparation"
        }
    }
}
