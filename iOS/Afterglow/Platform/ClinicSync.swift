import Foundation
import Network

/// Tells the core when to deliver the outbox (`SharingEvent.sync`): when the network comes back,
/// and at the next retry instant the view reports (the Rust handler chose it with backoff and
/// Retry-After). Delivery itself, retries and the token live in the Rust library.
@MainActor
final class ClinicSync {
    private let monitor = NWPathMonitor()
    private var retry: Task<Void, Never>?
    private let sync: @MainActor @Sendable () -> Void

    init(sync: @escaping @MainActor @Sendable () -> Void) {
        self.sync = sync
        monitor.pathUpdateHandler = Self.whenOnline(sync)
        monitor.start(queue: DispatchQueue(label: "app.afterglow.network"))
    }

    /// The monitor calls its handler on its own queue. A closure written inside this `@MainActor`
    /// init can be inferred main-actor isolated (the review's Swift 6 concern: a run-time isolation
    /// trap on that queue); formed in a nonisolated function it cannot, and it hops to the main
    /// actor itself.
    private nonisolated static func whenOnline(
        _ sync: @escaping @MainActor @Sendable () -> Void
    ) -> @Sendable (NWPath) -> Void {
        { path in
            guard path.status == .satisfied else { return }
            Task { @MainActor in sync() }
        }
    }

    /// Replaces the pending retry with one at `atUtcMs` (none when nil).
    func retry(atUtcMs: Int64?) {
        retry?.cancel()
        guard let atUtcMs else { return }
        let delay = max(0, Double(atUtcMs) / 1000 - Date().timeIntervalSince1970)
        retry = Task { [sync] in
            try? await Task.sleep(for: .seconds(delay))
            if !Task.isCancelled { sync() }
        }
    }
}
