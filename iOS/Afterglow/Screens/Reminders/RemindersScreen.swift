import SharedTypes
import SwiftUI

/// Preferred times, quiet hours and which kinds are on; below, exactly what is scheduled. The
/// core checks the times (not inside quiet hours) and re-plans once they are stored.
struct RemindersScreen: View {
    @Environment(Core.self) private var core
    @State private var morning = Date()
    @State private var evening = Date()
    @State private var quietOn = false
    @State private var quietStart = Date()
    @State private var quietEnd = Date()
    @State private var off: Set<ReminderKind> = []

    var body: some View {
        let reminders = core.view.reminders
        Form {
            Section(reminders.words.timesHeading) {
                DatePicker(reminders.words.morningPicker, selection: $morning, displayedComponents: .hourAndMinute)
                DatePicker(reminders.words.eveningPicker, selection: $evening, displayedComponents: .hourAndMinute)
                Toggle(reminders.words.quietHours, isOn: $quietOn)
                if quietOn {
                    DatePicker(reminders.words.quietFrom, selection: $quietStart, displayedComponents: .hourAndMinute)
                    DatePicker(reminders.words.quietUntil, selection: $quietEnd, displayedComponents: .hourAndMinute)
                }
            }
            Section(reminders.form.kindsLabel) {
                ForEach(reminders.form.kinds, id: \.kind) { choice in
                    Toggle(choice.label, isOn: Binding(
                        get: { !off.contains(choice.kind) },
                        set: { if $0 { off.remove(choice.kind) } else { off.insert(choice.kind) } }
                    ))
                }
            }
            Button(reminders.words.save) { core.update(.reminders(.setPrefs(prefs: prefs))) }
            Section(reminders.words.scheduled) {
                ForEach(reminders.upcoming, id: \.id) { reminder in
                    VStack(alignment: .leading) {
                        Text(reminder.title)
                        Text("\(reminder.fireLabel) · \(reminder.body)").font(.caption)
                    }
                }
            }
        }
        .navigationTitle(reminders.words.title)
        // The core builds the reminders list on its reminders screen: say so each time this
        // appears, as the clinic or sessions screen may have been shown since (review #21).
        .onAppear {
            core.update(.show(screen: .reminders))
            load(reminders.prefs)
        }
    }

    private var prefs: ReminderPrefs {
        ReminderPrefs(
            morning: WallTime(morning), evening: WallTime(evening),
            quiet: quietOn ? QuietHours(start: WallTime(quietStart), end: WallTime(quietEnd)) : nil,
            off: core.view.reminders.form.kinds.map(\.kind).filter(off.contains)
        )
    }

    private func load(_ prefs: ReminderPrefs) {
        morning = prefs.morning.date
        evening = prefs.evening.date
        quietOn = prefs.quiet != nil
        if let quiet = prefs.quiet { quietStart = quiet.start.date; quietEnd = quiet.end.date }
        off = Set(prefs.off)
    }
}

extension WallTime {
    init(_ date: Date) {
        let parts = Calendar.current.dateComponents([.hour, .minute], from: date)
        self.init(hour: UInt8(parts.hour ?? 0), minute: UInt8(parts.minute ?? 0))
    }

    var date: Date {
        Calendar.current.date(bySettingHour: Int(hour), minute: Int(minute), second: 0, of: Date()) ?? Date()
    }
}
