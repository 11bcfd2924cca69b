import BackgroundTasks
import Foundation

/// With the app closed, iOS may wake it to send the outbox (review #9): an app refresh task,
/// never before the core's next retry instant and otherwise when the system chooses (iOS gives
/// no guarantee of when, or whether, it runs). The task only activates the core as a launch
/// would (`AppPlatform.start`); what is due, delivery and backoff are the Rust library's.
/// Needs Xcode: BackgroundTasks is not on Linux.
enum OutboxRefresh {
    /// Also listed under `BGTaskSchedulerPermittedIdentifiers` in `project.yml`.
    static let identifier = "app.afterglow.outbox"

    /// Replaces the pending request with one at `atUtcMs`; none when nil.
    static func schedule(atUtcMs: Int64?) {
        BGTaskScheduler.shared.cancel(taskRequestWithIdentifier: identifier)
        guard let atUtcMs else { return }
        let request = BGAppRefreshTaskRequest(identifier: identifier)
        request.earliestBeginDate = Date(timeIntervalSince1970: Double(atUtcMs) / 1000)
        // Refused in the simulator and when background refresh is off: the foreground retry stays.
        try? BGTaskScheduler.shared.submit(request)
    }
}
