import AfterglowCore
import Foundation
import Observation
import SharedTypes

/// The one Core of the iOS app: sends events across the bridge (bincode bytes, one call per
/// event), keeps the latest view model for SwiftUI, and hands each platform effect to
/// `PlatformEffects`. It makes no platform calls itself.
@Observable
@MainActor
final class Core {
    private(set) var view: ViewModel
    /// A call the core refused (a shell bug, a full disk), in words for an alert.
    var problem: String?

    @ObservationIgnored private let ffi: CoreFfi
    @ObservationIgnored private weak var platform: PlatformEffects?

    /// `secrets` holds the clinic token (the app passes its Keychain store).
    init(dataDir: URL, platform: PlatformEffects, secrets: SecretStore) throws {
        let callback = EffectsCallback()
        ffi = try CoreFfi.withSecretStore(dataDir: dataDir.path, shell: callback, secrets: secrets)
        view = try ViewModel.bincodeDeserialize(input: [UInt8](ffi.view()))
        self.platform = platform
        callback.core = self
    }

    func update(_ event: Event) {
        do {
            process(try ffi.update(event: Data(event.bincodeSerialize())))
        } catch {
            problem = error.localizedDescription
        }
    }

    /// Writes the PDF recovery report (with the chosen photos' thumbnails) for the share sheet,
    /// off the main actor (review #24: a report with photos held the UI while it was written).
    func writeReport(to destination: URL, photoIds: [Int64] = [], clock: Clock) async throws {
        let ffi = self.ffi
        let (path, zone, now) = (destination.path, clock.zone, clock.nowUtcMs)
        _ = try await Task.detached(priority: .userInitiated) {
            try ffi.writeReport(destination: path, photoIds: photoIds, zone: zone, nowUtcMs: now)
        }.value
    }

    fileprivate func process(_ effects: Data) {
        let requests: [Request]
        do {
            requests = try Requests.bincodeDeserialize(input: [UInt8](effects)).value
        } catch {
            // A shell bug (types out of step with the library): the error's own text, under
            // the core's problem title, as for the render below.
            problem = String(describing: error)
            return
        }
        for request in requests {
            switch request.effect {
            case .render:
                do {
                    view = try ViewModel.bincodeDeserialize(input: [UInt8](ffi.view()))
                } catch {
                    problem = error.localizedDescription
                }
            case let .notify(.replaceAll(notifications)):
                platform?.replaceNotifications(notifications)
            }
        }
    }
}

/// Receives effects that follow one Rust handled (e.g. the render after storage answered). Rust
/// calls it on a worker thread; the batch is handed to the Core on the main thread, in order.
private final class EffectsCallback: CruxShell, @unchecked Sendable {
    // Set once, right after the Core is created, before any event is sent.
    weak var core: Core?

    func processEffects(effects: Data) {
        DispatchQueue.main.async { [weak self] in
            MainActor.assumeIsolated { self?.core?.process(effects) }
        }
    }
}
