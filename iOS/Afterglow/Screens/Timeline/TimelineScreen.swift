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
                    Text(entry.detail).font(.caption)
                }
                .opacity(entry.past ? 0.55 : 1)
            }
            HStack {
                Button(page.earlier) { core.update(.showTimelinePage(page: page.page - 1)) }.disabled(page.page == 0)
                Spacer()
                Text(page.pageLabel)
                Spacer()
                Button(page.later) { core.update(.showTimelinePage(page: page.page + 1)) }.disabled(page.page + 1 >= page.pageCount)
            }
            .buttonStyle(.borderless)
        }
        .navigationTitle(page.title)
    }
}
