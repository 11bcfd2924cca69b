import Foundation

/// Where the patient's data lives: `Application Support/Afterglow`, excluded from backups, with
/// complete file protection (unreadable while the device is locked). Files SQLite and the photo
/// pipeline create later inherit the directory's protection class.
enum DataDirectory {
    static func prepare() throws -> URL {
        let base = try FileManager.default.url(
            for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true
        )
        var dir = base.appendingPathComponent("Afterglow", isDirectory: true)
        try FileManager.default.createDirectory(
            at: dir, withIntermediateDirectories: true,
            attributes: [.protectionKey: FileProtectionType.complete]
        )
        try FileManager.default.setAttributes([.protectionKey: FileProtectionType.complete], ofItemAtPath: dir.path)
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try dir.setResourceValues(values)
        return dir
    }
}
