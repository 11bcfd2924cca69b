import SharedTypes
import SwiftUI

/// The day's care: phase, do's and don'ts, what is still off limits and until when, what's next.
struct TodayScreen: View {
    @Environment(Core.self) private var core

    var body: some View {
        if let today = core.view.today {
            List {
                Section {
                    NavigationLink("How is your skin today?") { CheckinFormScreen() }
                        .simultaneousGesture(TapGesture().onEnded { core.update(.checkin(.startNew)) })
                }
                if !today.warnings.isEmpty {
                    Section("Discuss with your clinic") { ForEach(today.warnings, id: \.id) { Text($0.text) } }
                }
                if !today.restrictions.isEmpty {
                    Section("Not yet") {
                        ForEach(today.restrictions, id: \.id) { r in
                            VStack(alignment: .leading) { Text(r.title); Text(r.unlock).font(.caption) }
                        }
                    }
                }
                if !today.dos.isEmpty { Section("Do") { ForEach(today.dos, id: \.id) { Text($0.text) } } }
                if !today.donts.isEmpty { Section("Don't") { ForEach(today.donts, id: \.id) { Text($0.text) } } }
                if !today.expected.isEmpty { Section("What's normal now") { ForEach(today.expected, id: \.self) { Text($0) } } }
                if !today.milestones.isEmpty {
                    Section("Coming up") { ForEach(today.milestones, id: \.id) { Text("\($0.title) · \($0.atLabel)") } }
                }
                if !today.prepTasks.isEmpty {
                    Section("Before your next session") {
                        ForEach(today.prepTasks, id: \.id) { Text(($0.started ? "Now: " : "") + "\($0.title) · \($0.dueLabel)") }
                    }
                }
                if let next = today.nextSession {
                    Section("Next session") { Text("Session \(next.number) · \(next.startLabel)") }
                }
                UrgentHelpSection(card: core.view.urgentHelp)
            }
            .navigationTitle(today.dayIndex.map { "Day \($0) · \(today.phaseTitle)" } ?? today.phaseTitle)
        }
    }
}
