import SharedTypes
import SwiftUI

/// The trend of the current session against the expected course, then the history (paged).
struct CheckinsScreen: View {
    @Environment(Core.self) private var core

    var body: some View {
        let checkins = core.view.checkins
        let history = checkins.history
        List {
            NavigationLink(checkins.questionnaire.newCheckinLabel) { CheckinFormScreen() }
                .simultaneousGesture(TapGesture().onEnded { core.update(.checkin(.startNew)) })
            if !checkins.trend.days.isEmpty {
                TrendChart(trend: checkins.trend).frame(height: 220)
            }
            ForEach(history.entries, id: \.id) { entry in
                VStack(alignment: .leading) {
                    Text(entry.levelTitle).foregroundStyle(entry.level.color)
                    Text("Day \(entry.dayIndex) · \(entry.takenLabel) · \(entry.scoresLabel)")
                        .font(.caption)
                    if !entry.countsForDay { Text("Replaced by a later check-in that day").font(.caption2) }
                }
            }
            HStack {
                Button("Newer") { core.update(.checkin(.showHistoryPage(page: history.page - 1))) }.disabled(history.page == 0)
                Spacer()
                Button("Older") { core.update(.checkin(.showHistoryPage(page: history.page + 1))) }
                    .disabled(history.page + 1 >= history.pageCount)
            }
            .buttonStyle(.borderless)
        }
        .navigationTitle("Check-ins")
    }
}
