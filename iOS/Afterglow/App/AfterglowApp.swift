import AfterglowCore
import SharedTypes
import SwiftUI

@main
struct AfterglowApp: App {
    @State private var app = AppState.open()
    @Environment(\.scenePhase) private var scenePhase

    var body: some Scene {
        WindowGroup {
            switch app {
            case let .ready(core, platform):
                ContentView()
                    .environment(core)
                    .environment(\.dataDirectory, platform.dataDir)
                    .environment(\.enrollLink, platform.enrollLink)
                    .onChange(of: core.view.sharing.nextSyncUtcMs, initial: true) { _, at in
                        platform.clinicSync?.retry(atUtcMs: at)
                        OutboxRefresh.schedule(atUtcMs: at)
                    }
                    // Asked once a session is saved, when there are reminders to show; not at the
                    // first launch, before the patient has seen what the app is (review #28).
                    // The core's first-run notice goes once a session exists.
                    .task(id: core.view.ready && core.view.welcome == nil) {
                        if core.view.ready, core.view.welcome == nil {
                            await platform.effects.notifications.requestPermission()
                        }
                    }
                    .onChange(of: scenePhase, initial: true) { _, phase in
                        switch phase {
                        case .active:
                            // Before start, so an app opened with the lock on shows the lock
                            // screen as soon as the record loads.
                            core.update(.lock(.available(available: AppLockPrompt.available())))
                            platform.start(core)
                        case .background: core.update(.lock(.background))
                        default: break
                        }
                    }
                    // The core reads every link: an invite is offered on the clinic screen with its
                    // server and linked only once the patient confirms (review #29), anything else
                    // is refused there; as on Android (`MainActivity`).
                    .onOpenURL { url in
                        core.update(.sharing(.openInvite(link: url.absoluteString)))
                        platform.enrollLink = url.absoluteString
                    }
                    // Inactive comes before the snapshot for the app switcher is taken.
                    .overlay { if scenePhase != .active { PrivacyCover() } }
                    // The core decides when the app is locked (`view.lock`); nothing shows under it.
                    .overlay { if let screen = core.view.lock.screen { LockScreen(screen: screen) } }
            case let .failed(message):
                Text(message).padding()
            }
        }
        .backgroundTask(.appRefresh(OutboxRefresh.identifier)) { await sendOutbox() }
    }

    /// Woken in the background: start the core as a launch would, then wait (up to 25 s of the
    /// about 30 iOS allows) for a view showing the outbox loaded and empty.
    @MainActor
    private func sendOutbox() async {
        guard case let .ready(core, platform) = app else { return }
        platform.start(core)
        var waited = 0
        while waited < 50, !(core.view.sharing.loaded && core.view.sharing.queued == 0) {
            try? await Task.sleep(for: .milliseconds(500))
            waited += 1
        }
    }
}

/// The Core and the platform handlers, created once at launch.
@MainActor
enum AppState {
    case ready(Core, AppPlatform)
    case failed(String)

    static func open() -> AppState {
        do {
            let platform = try AppPlatform()
            let core = try Core(dataDir: platform.dataDir, platform: platform.effects, secrets: KeychainSecretStore())
            return .ready(core, platform)
        } catch {
            // The core did not start: its catalogue words the line in the device's language.
            return .failed(startFailureWords(localeTag: Locale.preferredLanguages.first ?? "en", reason: error.localizedDescription))
        }
    }
}

@Observable
@MainActor
final class AppPlatform {
    @ObservationIgnored let effects = AppEffects()
    @ObservationIgnored let dataDir: URL
    /// The link that opened the app (the clinic's QR code): it brings up the clinic screen.
    var enrollLink: String?
    @ObservationIgnored var clinicSync: ClinicSync?
    @ObservationIgnored private var started = false

    init() throws { dataDir = try DataDirectory.prepare() }

    /// Loads the record on first activation; afterwards tells the core the time moved on
    /// (the events: `Core/Activation.swift`, tested on Linux).
    func start(_ core: Core) {
        let first = !started
        if first {
            started = true
            clinicSync = ClinicSync { [weak core] in core?.update(.sharing(.sync)) }
        }
        for event in Activation.events(first: first, clock: .device()) {
            core.update(event)
        }
    }
}

private struct DataDirectoryKey: EnvironmentKey {
    static let defaultValue = URL(fileURLWithPath: NSTemporaryDirectory())
}

private struct EnrollLinkKey: EnvironmentKey {
    static let defaultValue: String? = nil
}

extension EnvironmentValues {
    /// The clinic QR link the app was opened with, if any.
    var enrollLink: String? {
        get { self[EnrollLinkKey.self] }
        set { self[EnrollLinkKey.self] = newValue }
    }

    /// The patient's data dir: the view names photos relative to it.
    var dataDirectory: URL {
        get { self[DataDirectoryKey.self] }
        set { self[DataDirectoryKey.self] = newValue }
    }
}
