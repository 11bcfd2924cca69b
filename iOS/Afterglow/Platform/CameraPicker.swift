import SwiftUI
import UIKit

/// The system camera with the reference ("ghost") photo of the area laid over the viewfinder,
/// half transparent, so the patient can match distance and angle. Returns the photo as JPEG.
struct CameraPicker: UIViewControllerRepresentable {
    let ghost: UIImage?
    let onCapture: (Data) -> Void
    @Environment(\.dismiss) private var dismiss

    func makeUIViewController(context: Context) -> UIImagePickerController {
        let picker = UIImagePickerController()
        picker.sourceType = .camera
        picker.cameraDevice = .front
        picker.delegate = context.coordinator
        if let ghost {
            let overlay = UIImageView(image: ghost)
            overlay.contentMode = .scaleAspectFill
            overlay.alpha = 0.35
            overlay.isUserInteractionEnabled = false
            overlay.frame = UIScreen.main.bounds
            picker.cameraOverlayView = overlay
        }
        return picker
    }

    func updateUIViewController(_: UIImagePickerController, context _: Context) {}

    func makeCoordinator() -> Coordinator { Coordinator(self) }

    @MainActor
    final class Coordinator: NSObject, UIImagePickerControllerDelegate, UINavigationControllerDelegate {
        private let parent: CameraPicker
        init(_ parent: CameraPicker) { self.parent = parent }

        func imagePickerController(_: UIImagePickerController, didFinishPickingMediaWithInfo info: [UIImagePickerController.InfoKey: Any]) {
            if let image = info[.originalImage] as? UIImage, let jpeg = image.jpegData(compressionQuality: 0.92) {
                parent.onCapture(jpeg)
            }
            parent.dismiss()
        }

        func imagePickerControllerDidCancel(_: UIImagePickerController) { parent.dismiss() }
    }
}
