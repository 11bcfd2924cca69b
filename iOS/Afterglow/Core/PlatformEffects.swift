import SharedTypes

/// The effects the app carries out itself. Storage, photo import, the clinic transport and the
/// PDF are done by the Rust library (only paths cross the bridge), so they are not here.
@MainActor
protocol PlatformEffects: AnyObject {
    /// Replace every pending local notification with these (at most the cap the core was told).
    func replaceNotifications(_ notifications: [ScheduledNotification])
}
