import SharedTypes
import SwiftUI

/// The day's care. Its sections, their order and every word are the core's
/// (shared/src/view/today_sections.rs); a line with a time shows it underneath.
struct TodayScreen: View {
    @Environment(Core.self) private var core

    var body: some View {
        if let today = core.view.today {
            List {
                Section {
                    Text(today.words.subtitle).font(.caption)
                    NavigationLink(today.words.checkIn) { CheckinFormScreen() }
                        .simultaneousGesture(TapGesture().onEnded { core.update(.checkin(.startNew)) })
                }
                ForEach(Array(today.sections.enumerated()), id: \.offset) { _, section in
                    Section(section.title) {
                        ForEach(Array(section.lines.enumerated()), id: \.offset) { _, line in
                            VStack(alignment: .leading) {
                                Text(line.text)
                                if let time = line.time { Text(time).font(.caption) }
                            }
                        }
                    }
                }
                // The next session of the series (review #7); the sessions list is under More.
                NavigationLink(today.words.addSession) { AddSessionScreen() }
                UrgentHelpSection(card: core.view.urgentHelp)
            }
            .navigationTitle(today.words.title)
        }
    }
}
