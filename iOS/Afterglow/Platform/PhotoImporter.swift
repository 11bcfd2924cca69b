import Foundation
import ImageIO
import SharedTypes
import UniformTypeIdentifiers

/// Prepares a picked or captured photo for the Rust import pipeline, which reads JPEG and PNG
/// from a file path: HEIC/HEIF (the iPhone camera's default) is converted to JPEG here with
/// ImageIO, orientation kept in the metadata so the pipeline can turn it upright, then stripped
/// by the pipeline like any other metadata. Files go to `tmp/incoming/`, each under its own
/// name; only files older than an hour are removed, so an import the core has not read yet is
/// never deleted or overwritten under it (review #18).
enum PhotoImporter {
    /// What failed; the words a patient reads are the core's (`words(for:in:)`).
    enum Failure: Error {
        case unreadable
        case cannotWrite
    }

    /// A failed import in the core's words (the journal screen's), any other error as the
    /// system words it.
    static func words(for error: Error, in journal: JournalScreenWords) -> String {
        switch error as? Failure {
        case .unreadable?: journal.photoUnreadable
        case .cannotWrite?: journal.photoNotPrepared
        case nil: error.localizedDescription
        }
    }

    /// Leftovers of imports that ended (or of an app that was killed mid-import).
    private static let staleAfter: TimeInterval = 60 * 60

    static func incomingFolder() throws -> URL {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("incoming", isDirectory: true)
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        let cutoff = Date().addingTimeInterval(-staleAfter)
        let files = (try? manager.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        for file in files {
            let modified = (try? file.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
            if let modified, modified < cutoff { try? manager.removeItem(at: file) }
        }
        return folder
    }

    /// ``prepare(_:)`` off the main actor: converting a 12 MP HEIC photo takes long enough to
    /// freeze the UI (review #18).
    static func prepareInBackground(_ data: Data) async throws -> URL {
        try await Task.detached(priority: .userInitiated) { try PhotoImporter.prepare(data) }.value
    }

    /// Writes `data` (any image format ImageIO reads) as a file the pipeline accepts; returns its path.
    static func prepare(_ data: Data) throws -> URL {
        guard let source = CGImageSourceCreateWithData(data as CFData, nil),
              let type = CGImageSourceGetType(source) as String?
        else { throw Failure.unreadable }
        let folder = try incomingFolder()
        let name = UUID().uuidString
        if type == UTType.jpeg.identifier || type == UTType.png.identifier {
            let file = folder.appendingPathComponent(name + (type == UTType.png.identifier ? ".png" : ".jpg"))
            try data.write(to: file, options: .completeFileProtectionUntilFirstUserAuthentication)
            return file
        }
        let file = folder.appendingPathComponent(name + "-converted.jpg")
        guard let destination = CGImageDestinationCreateWithURL(file as CFURL, UTType.jpeg.identifier as CFString, 1, nil)
        else { throw Failure.cannotWrite }
        let options: [CFString: Any] = [kCGImageDestinationLossyCompressionQuality: 0.92]
        // Copies the image with its properties (orientation, capture date) into a JPEG.
        CGImageDestinationAddImageFromSource(destination, source, 0, options as CFDictionary)
        guard CGImageDestinationFinalize(destination) else { throw Failure.cannotWrite }
        return file
    }
}
