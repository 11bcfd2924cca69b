import Foundation
import SharedTypes

/// What the app tells the core each time it becomes active. The first time: the platform's
/// notification cap, before Start, so the first reminder plan already fits it; then Start.
/// Afterwards: the time moved on (a night passed, or a new zone). Either way the clinic outbox
/// gets a chance to go out.
enum Activation {
    /// iOS keeps at most 64 pending local notifications per app and drops the rest silently.
    static let notificationCap: UInt32 = 64

    /// `language`: the device's preferred language tag, which picks the core's words.
    static func events(
        first: Bool, clock: Clock, language: String = Locale.preferredLanguages.first ?? "en"
    ) -> [Event] {
        let opening: [Event] = first
            ? [.reminders(.setPlatformCap(cap: notificationCap)), .start(clock: clock), .setLanguage(tag: language)]
            : [.clockChanged(clock: clock)]
        return opening + [.sharing(.sync)]
    }
}
