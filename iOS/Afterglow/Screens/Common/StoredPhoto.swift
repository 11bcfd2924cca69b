import SwiftUI
import UIKit

/// A stored photo or thumbnail, named relative to the data dir (written upright, no metadata).
struct StoredPhoto: View {
    let file: String
    @Environment(\.dataDirectory) private var dataDirectory

    var body: some View {
        if let image = UIImage(contentsOfFile: dataDirectory.appendingPathComponent(file).path) {
            Image(uiImage: image).resizable().scaledToFill()
        } else {
            Color.secondary.opacity(0.2)
        }
    }
}
