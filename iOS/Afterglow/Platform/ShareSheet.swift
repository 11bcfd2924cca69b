import SwiftUI
import UIKit

/// The system share sheet for a file the app just wrote (the PDF report, a comparison PNG).
struct ShareSheet: UIViewControllerRepresentable {
    let file: URL

    func makeUIViewController(context _: Context) -> UIActivityViewController {
        UIActivityViewController(activityItems: [file], applicationActivities: nil)
    }

    func updateUIViewController(_: UIActivityViewController, context _: Context) {}

    /// Where files for sharing are written (temporary; the system may clear it).
    static func folder() -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shared", isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
