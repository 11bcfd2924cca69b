import Foundation

/// The calendar components a reminder's one-off trigger matches: the core's UTC instant as year
/// to second in UTC. Only these, plus the zone: the full set `dateComponents(in:from:)` returns
/// (with `quarter`, `weekOfYear`, `nanosecond`) makes `nextTriggerDate()` nil, and the reminder
/// never fires. In UTC, so a later zone change does not move it (the core re-plans on
/// ClockChanged and sends a new set instead). Plain Foundation: tested on Linux.
enum ReminderTrigger {
    static func components(fireAtUtcMs: Int64) -> DateComponents {
        let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let fireAt = Date(timeIntervalSince1970: TimeInterval(fireAtUtcMs) / 1000)
        var when = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: fireAt)
        when.calendar = calendar
        when.timeZone = utc
        return when
    }
}
