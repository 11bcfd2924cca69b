import AfterglowCore
import Foundation
import SharedTypes
import XCTest

// The iOS app's Core class (and the rest of its Foundation-only Swift) against the Linux build of
// the same Rust library, the port of Android/jvm-test: start, storage in Rust across a DST night,
// reopening, reminders handed to the platform, a photo import, the PDF, a clinic error through a
// Swift SecretStore, MalformedInput. Smoke-tests the glue; the logic is tested in Rust.

/// 2026-03-08T13:00:00Z: the morning after a session on the night the clocks went forward.
var clock: Clock { Clock(nowUtcMs: 1_772_974_800_000, zone: "America/New_York") }

/// The platform side: records what the Core hands over.
@MainActor
final class Recorder: PlatformEffects {
    var schedules: [[ScheduledNotification]] = []
    func replaceNotifications(_ notifications: [ScheduledNotification]) {
        schedules.append(notifications)
    }
}

/// A SecretStore in memory; Rust calls it from a worker thread.
final class MemorySecrets: SecretStore, @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: String] = [:]
    var isEmpty: Bool { lock.withLock { values.isEmpty } }
    func get(key: String) throws -> String? { lock.withLock { values[key] } }
    func set(key: String, value: String) throws { lock.withLock { values[key] = value } }
    func delete(key: String) throws { _ = lock.withLock { values.removeValue(forKey: key) } }
}

final class NoShell: CruxShell, @unchecked Sendable {
    func processEffects(effects: Data) {}
}

struct Timeout: Error, CustomStringConvertible {
    let description: String
}

/// How the asynchronous report write ended.
@MainActor
final class ReportOutcome {
    var written = false
    var failure: String?
}

/// Runs the main run loop (where the Core's callback delivers follow-up effects) until `done`.
@MainActor
func waitFor(_ what: String, _ core: Core, _ done: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(10)
    while !done() {
        if let problem = core.problem { throw Timeout(description: "\(what): core problem \(problem)") }
        if Date() > deadline { throw Timeout(description: "\(what): not within 10 s; view error \(String(describing: core.view.error))") }
        RunLoop.main.run(until: Date().addingTimeInterval(0.01))
    }
}

func freshDir() throws -> URL {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("afterglow-swift-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

@MainActor
func started(_ dir: URL, _ platform: Recorder, _ secrets: SecretStore = MemorySecrets()) throws -> Core {
    let core = try Core(dataDir: dir, platform: platform, secrets: secrets)
    core.update(.start(clock: clock))
    try waitFor("start", core) { core.view.ready }
    return core
}

@MainActor
func addSession(_ core: Core) throws {
    let form = SessionForm(
        start: "2026-03-07T22:00", zone: "America/New_York", depthMm: "1", areas: [.face],
        device: nil, notes: nil, planned: false, screening: []
    )
    core.update(.addSession(form: form))
    try waitFor("session stored", core) { core.view.today?.dayIndex != nil || core.view.error != nil }
    XCTAssertNil(core.view.error)
}

final class CoreTests: XCTestCase {
    func testStartLoadsTheRecordThroughRustStorage() throws {
        try MainActor.assumeIsolated {
            let core = try started(try freshDir(), Recorder())
            XCTAssertTrue(core.view.ready)
            XCTAssertNil(core.view.error)
            XCTAssertEqual(core.view.screen, .today)
        }
    }

    func testASessionOverTheDstNightUnlocksInLocalTimeAndIsHandedToReminders() throws {
        try MainActor.assumeIsolated {
            let platform = Recorder()
            let core = try started(try freshDir(), platform)
            try addSession(core)
            let makeup = core.view.today?.restrictions.first { $0.id == "no_makeup" }
            XCTAssertEqual(makeup?.until, "2026-03-08T23:00:00-04:00")
            try waitFor("reminders", core) {
                platform.schedules.contains { $0.contains { $0.id == "unlock:1:no_makeup" } }
            }
        }
    }

    func testTheSessionIsStillThereAfterReopening() throws {
        try MainActor.assumeIsolated {
            let dir = try freshDir()
            do {
                let core = try started(dir, Recorder())
                try addSession(core)
            }
            let reopened = try started(dir, Recorder())
            XCTAssertEqual(reopened.view.today?.dayIndex, 0)
            XCTAssertNotNil(reopened.view.today?.session)
        }
    }

    func testAPhotoIsImportedByRustAndThePdfReportCarriesIt() throws {
        try MainActor.assumeIsolated {
            let dir = try freshDir()
            let core = try started(dir, Recorder())
            // Photos are placed by days after a session.
            try addSession(core)
            let fixture = try XCTUnwrap(ProcessInfo.processInfo.environment["AFTERGLOW_TEST_PHOTO"])
            let picked = dir.appendingPathComponent("picked.jpg")
            try FileManager.default.copyItem(atPath: fixture, toPath: picked.path)
            core.update(.journal(.add(form: PhotoForm(source: picked.path, area: .face, note: nil, takenAt: nil))))
            try waitFor("photo import", core) { core.view.journal.lastImported != nil || core.view.error != nil }
            XCTAssertNil(core.view.error)
            let photo = try XCTUnwrap(core.view.journal.lastImported)
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent(photo.file).path))
            XCTAssertEqual(photo.width, 24)
            XCTAssertEqual(photo.height, 16)

            let report = dir.appendingPathComponent("report.pdf")
            // Written off the main actor: the main run loop keeps turning while it is.
            let outcome = ReportOutcome()
            Task { @MainActor in
                do {
                    try await core.writeReport(to: report, photoIds: [photo.id], clock: clock)
                    outcome.written = true
                } catch {
                    outcome.failure = "\(error)"
                }
            }
            try waitFor("the PDF report", core) { outcome.written || outcome.failure != nil }
            XCTAssertNil(outcome.failure)
            let bytes = try Data(contentsOf: report)
            XCTAssertEqual(String(decoding: bytes.prefix(5), as: UTF8.self), "%PDF-")
        }
    }

    func testAnUnreachableClinicIsAClinicErrorThroughASwiftSecretStore() throws {
        try MainActor.assumeIsolated {
            let secrets = MemorySecrets()
            let core = try started(try freshDir(), Recorder(), secrets)
            // Port 9 (discard) on loopback: nothing answers.
            core.update(.sharing(.link(server: "http://127.0.0.1:9", inviteCode: "EMBY-HEPJ-KH1C", autoShare: false)))
            try waitFor("clinic error", core) { core.view.error != nil }
            XCTAssertEqual(core.view.error?.kind, .clinic)
            XCTAssertFalse(core.view.sharing.linked)
            XCTAssertTrue(secrets.isEmpty, "a token was stored without a link")
        }
    }

    func testMalformedBytesAreMalformedInputAndTheCoreKeepsWorking() throws {
        let ffi = try CoreFfi(dataDir: try freshDir().path, shell: NoShell())
        XCTAssertThrowsError(try ffi.update(event: Data([0x7f, 0x01, 0x02]))) { error in
            guard case CoreFailure.MalformedInput = error else {
                return XCTFail("expected MalformedInput, got \(error)")
            }
        }
        let view = try ViewModel.bincodeDeserialize(input: [UInt8](ffi.view()))
        XCTAssertEqual(view.screen, .today)
    }

    func testTheFirstActivationSetsTheCapBeforeStartAndLaterOnesMoveTheClock() throws {
        XCTAssertEqual(Activation.events(first: true, clock: clock, language: "es-US"), [
            .reminders(.setPlatformCap(cap: 64)), .start(clock: clock), .setLanguage(tag: "es-US"), .sharing(.sync),
        ])
        XCTAssertEqual(Activation.events(first: false, clock: clock), [.clockChanged(clock: clock), .sharing(.sync)])
        try MainActor.assumeIsolated {
            let core = try Core(dataDir: try freshDir(), platform: Recorder(), secrets: MemorySecrets())
            for event in Activation.events(first: true, clock: clock) {
                core.update(event)
            }
            try waitFor("activation", core) { core.view.ready }
            XCTAssertEqual(core.view.reminders.cap, 64)
            XCTAssertNil(core.view.error)
        }
    }

    func testAReminderTriggerMatchesOnlyTheInstantInUtc() throws {
        let when = ReminderTrigger.components(fireAtUtcMs: 1_772_974_800_000)
        XCTAssertEqual([when.year, when.month, when.day, when.hour, when.minute, when.second], [2026, 3, 8, 13, 0, 0])
        XCTAssertNil(when.quarter)
        XCTAssertNil(when.weekOfYear)
        XCTAssertNil(when.nanosecond)
        XCTAssertEqual(when.date, Date(timeIntervalSince1970: 1_772_974_800))
    }

    func testTheSessionDraftOpensAsTheCoreSaysAndIsStoredAsItOpened() throws {
        try MainActor.assumeIsolated {
            let core = try started(try freshDir(), Recorder())
            let draft = SessionDraft(opening: core.view.sessionForm)
            // The clock's minute (13:00 UTC, 09:00 in New York that morning), 0.5 mm, the face.
            XCTAssertEqual(draft.start, Date(timeIntervalSince1970: 1_772_974_800))
            XCTAssertEqual(draft.depthMm, "0.5")
            XCTAssertEqual(draft.areas, [.face])
            let form = draft.form(areaOrder: core.view.treatedAreas.map(\.area))
            XCTAssertEqual(form.start, "2026-03-08T13:00:00Z")
            XCTAssertEqual(form.zone, "America/New_York")
            core.update(.addSession(form: form))
            try waitFor("session stored", core) { core.view.lastSavedSessionId != nil || core.view.error != nil }
            XCTAssertNil(core.view.error)
            XCTAssertEqual(core.view.today?.dayIndex, 0)
        }
    }

    func testTheDeviceClockIsInMillisecondsWithTheZoneName() throws {
        let device = Clock.device(now: Date(timeIntervalSince1970: 1.5), zone: TimeZone(identifier: "Europe/Paris")!)
        XCTAssertEqual(device, Clock(nowUtcMs: 1500, zone: "Europe/Paris"))
    }

    nonisolated(unsafe) static let allTests = [
        ("testStartLoadsTheRecordThroughRustStorage", testStartLoadsTheRecordThroughRustStorage),
        ("testASessionOverTheDstNightUnlocksInLocalTimeAndIsHandedToReminders",
         testASessionOverTheDstNightUnlocksInLocalTimeAndIsHandedToReminders),
        ("testTheSessionIsStillThereAfterReopening", testTheSessionIsStillThereAfterReopening),
        ("testAPhotoIsImportedByRustAndThePdfReportCarriesIt", testAPhotoIsImportedByRustAndThePdfReportCarriesIt),
        ("testAnUnreachableClinicIsAClinicErrorThroughASwiftSecretStore",
         testAnUnreachableClinicIsAClinicErrorThroughASwiftSecretStore),
        ("testMalformedBytesAreMalformedInputAndTheCoreKeepsWorking",
         testMalformedBytesAreMalformedInputAndTheCoreKeepsWorking),
        ("testTheFirstActivationSetsTheCapBeforeStartAndLaterOnesMoveTheClock",
         testTheFirstActivationSetsTheCapBeforeStartAndLaterOnesMoveTheClock),
        ("testAReminderTriggerMatchesOnlyTheInstantInUtc", testAReminderTriggerMatchesOnlyTheInstantInUtc),
        ("testTheSessionDraftOpensAsTheCoreSaysAndIsStoredAsItOpened",
         testTheSessionDraftOpensAsTheCoreSaysAndIsStoredAsItOpened),
        ("testTheDeviceClockIsInMillisecondsWithTheZoneName", testTheDeviceClockIsInMillisecondsWithTheZoneName),
    ]
}
