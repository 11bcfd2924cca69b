import SharedTypes
import SwiftUI
import UIKit

/// Choose the area, then the camera opens with that area's first photo as a ghost overlay.
struct CameraScreen: View {
    @Environment(Core.self) private var core
    @Environment(\.dataDirectory) private var dataDirectory
    @Environment(\.dismiss) private var dismiss
    @State private var area: TreatedArea = .face
    @State private var shooting = false

    var body: some View {
        NavigationStack {
            Form {
                Picker("Area", selection: $area) {
                    ForEach(core.view.treatedAreas, id: \.area) { Text($0.label).tag($0.area) }
                }
                Button("Open the camera") { shooting = true }
                    .disabled(!UIImagePickerController.isSourceTypeAvailable(.camera))
            }
            .navigationTitle("Take a photo")
            .toolbar { Button("Cancel") { dismiss() } }
            .fullScreenCover(isPresented: $shooting) {
                CameraPicker(ghost: ghost) { jpeg in
                    do {
                        let file = try PhotoImporter.prepare(jpeg)
                        core.update(.journal(.add(form: PhotoForm(source: file.path, area: area, note: nil, takenAt: nil))))
                        dismiss()
                    } catch {
                        core.problem = error.localizedDescription
                    }
                }
                .ignoresSafeArea()
            }
        }
    }

    private var ghost: UIImage? {
        guard let reference = core.view.journal.references.first(where: { $0.area == area }) else { return nil }
        return UIImage(contentsOfFile: dataDirectory.appendingPathComponent(reference.file).path)
    }
}
