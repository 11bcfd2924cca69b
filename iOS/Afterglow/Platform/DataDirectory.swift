import Foundation

/// Where the patient's data lives: `Application Support/Afterglow`, excluded from backups, with
/// file protection "complete until first user authentication": encrypted from boot until the
/// first unlock, readable afterwards even while locked. Not `.complete` (review #13): SQLite keeps
/// its database, WAL and shm files open, and the app writes while locked (a reminder's check-in
/// finishing, the outbox sent in the background); under `.complete` those writes fail about ten
/// seconds after the lock. Files SQLite and the photo pipeline create inherit the directory's
/// class; files an older build made with `.complete` are moved to it here.
enum DataDirectory {
    static let protection = FileProtectionType.completeUntilFirstUserAuthentication

    static func prepare() throws -> URL {
        let base = try FileManager.default.url(
            for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true
        )
        var dir = base.appendingPathComponent("Afterglow", isDirectory: true)
        try FileManager.default.createDirectory(
            at: dir, withIntermediateDirectories: true, attributes: [.protectionKey: protection]
        )
        try FileManager.default.setAttributes([.protectionKey: protection], ofItemAtPath: dir.path)
        for case let file as URL in FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) ?? .init() {
            try? FileManager.default.setAttributes([.protectionKey: protection], ofItemAtPath: file.path)
        }
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try dir.setResourceValues(values)
        return dir
    }
}
