import Foundation
import SharedTypes
import UserNotifications

/// Handles the Notify effect: removes every pending reminder and adds the core's plan. The core
/// already chose the instants (zone, DST, quiet hours) and keeps the list within the cap the
/// app told it (iOS keeps at most 64 pending notifications per app; more are dropped silently).
@MainActor
final class NotificationScheduler {
    static let platformCap = Activation.notificationCap
    private let center = UNUserNotificationCenter.current()
    /// The center keeps its delegate weakly: held here for the app's life.
    private let foreground = ForegroundReminders()

    init() {
        center.delegate = foreground
    }

    /// Asks once; reminders simply stay silent if the patient says no.
    func requestPermission() async {
        _ = try? await center.requestAuthorization(options: [.alert, .sound, .badge])
    }

    /// The category every reminder belongs to. Its hidden-preview placeholder is the core's
    /// public text: what a locked phone (or one set to hide previews) shows instead of the title
    /// and body, which can name a treatment or a symptom (review #20).
    static let categoryId = "reminder"

    func replaceAll(_ notifications: [ScheduledNotification]) {
        center.removeAllPendingNotificationRequests()
        if let publicText = notifications.first?.publicText {
            center.setNotificationCategories([UNNotificationCategory(
                identifier: Self.categoryId, actions: [], intentIdentifiers: [],
                hiddenPreviewsBodyPlaceholder: publicText, options: []
            )])
        }
        for notification in notifications.prefix(Int(Self.platformCap)) {
            let content = UNMutableNotificationContent()
            content.title = notification.title
            content.body = notification.body
            content.sound = .default
            content.categoryIdentifier = Self.categoryId
            // The place a tap opens, as the core chose it (review #28): the case's name.
            content.userInfo = [ForegroundReminders.opensKey: String(describing: notification.opens)]
            let when = ReminderTrigger.components(fireAtUtcMs: notification.fireAtUtcMs)
            let trigger = UNCalendarNotificationTrigger(dateMatching: when, repeats: false)
            center.add(UNNotificationRequest(identifier: notification.id, content: content, trigger: trigger))
        }
    }
}

/// The notification center's delegate (review #28). A reminder that fires while the app is open
/// is shown as a banner too (iOS drops it silently otherwise); a tapped one is posted as
/// `opened` with the place the core chose for it, and `ContentView` selects that tab.
final class ForegroundReminders: NSObject, UNUserNotificationCenterDelegate, Sendable {
    static let opensKey = "opens"
    static let opened = Notification.Name("app.afterglow.reminderOpened")

    func userNotificationCenter(
        _ center: UNUserNotificationCenter,
        willPresent notification: UNNotification
    ) async -> UNNotificationPresentationOptions {
        [.banner, .list, .sound]
    }

    func userNotificationCenter(
        _ center: UNUserNotificationCenter,
        didReceive response: UNNotificationResponse
    ) async {
        guard let place = response.notification.request.content.userInfo[Self.opensKey] as? String else { return }
        await MainActor.run { NotificationCenter.default.post(name: Self.opened, object: place) }
    }
}
