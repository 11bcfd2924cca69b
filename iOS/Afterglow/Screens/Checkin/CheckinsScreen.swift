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
                TrendChart(chart: checkins.trend.chart).frame(height: 260)
            }
            ForEach(history.entries, id: \.id) { entry in
                VStack(alignment: .leading) {
                    Text(entry.levelTitle).foregroundStyle(entry.level.color)
                    Text([entry.dayLabel, entry.takenLabel, entry.scoresLabel].joined(separator: " · "))
                        .font(.caption)
                    if let note = entry.replacedNote { Text(note).font(.caption2) }
                    ForEach(entry.clinicAnswer, id: \.self) { Text($0).font(.caption2) }
                }
            }
            HStack {
                Button(checkins.labels.newer) { core.update(.checkin(.showHistoryPage(page: history.page - 1))) }.disabled(history.page == 0)
                Spacer()
                Button(checkins.labels.older) { core.update(.checkin(.showHistoryPage(page: history.page + 1))) }
                    .disabled(history.page + 1 >= history.pageCount)
            }
            .buttonStyle(.borderless)
        }
        .navigationTitle(checkins.labels.historyTitle)
    }
}
