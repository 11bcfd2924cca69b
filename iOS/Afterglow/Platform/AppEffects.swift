import SharedTypes

/// The platform side of the app: one handler per effect the Core hands over.
@MainActor
final class AppEffects: PlatformEffects {
    let notifications = NotificationScheduler()

    func replaceNotifications(_ notifications: [ScheduledNotification]) {
        self.notifications.replaceAll(notifications)
    }
}
