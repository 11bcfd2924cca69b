import AVFoundation
import SwiftUI
import UIKit

/// The camera on AVFoundation (review #17): one capture session, the front or the back lens, and
/// photo capture as JPEG. A stored photo is never mirrored, whichever lens took it; the front
/// preview is, so the screen mirrors the ghost instead while the front lens is on.
@MainActor
final class CameraSession: NSObject {
    let session = AVCaptureSession()
    private let output = AVCapturePhotoOutput()
    private var onPhoto: ((Data?) -> Void)?
    /// startRunning/stopRunning block; Apple asks for them off the main thread.
    private let queue = DispatchQueue(label: "app.afterglow.camera")

    /// Whether this device has a camera at `position`.
    static func available(_ position: AVCaptureDevice.Position) -> Bool {
        AVCaptureDevice.default(.builtInWideAngleCamera, for: .video, position: position) != nil
    }

    /// Starts the lens at `position`, or switches to it; false when there is none to use.
    func start(_ position: AVCaptureDevice.Position) -> Bool {
        guard let device = AVCaptureDevice.default(.builtInWideAngleCamera, for: .video, position: position),
              let input = try? AVCaptureDeviceInput(device: device)
        else { return false }
        session.beginConfiguration()
        session.sessionPreset = .photo
        session.inputs.forEach { session.removeInput($0) }
        guard session.canAddInput(input) else {
            session.commitConfiguration()
            return false
        }
        session.addInput(input)
        if !session.outputs.contains(output), session.canAddOutput(output) { session.addOutput(output) }
        if let connection = output.connection(with: .video) {
            if connection.isVideoMirroringSupported {
                connection.automaticallyAdjustsVideoMirroring = false
                connection.isVideoMirrored = false
            }
            // The app is portrait only: the photo's orientation tag says so, and the Rust
            // pipeline turns the pixels upright on import.
            if connection.isVideoRotationAngleSupported(90) { connection.videoRotationAngle = 90 }
        }
        session.commitConfiguration()
        if !session.isRunning {
            let session = session
            queue.async { session.startRunning() }
        }
        return true
    }

    func stop() {
        let session = session
        queue.async { session.stopRunning() }
    }

    /// Takes a photo; `done` gets its JPEG bytes, or nil when the capture failed.
    func capture(_ done: @escaping (Data?) -> Void) {
        onPhoto = done
        let settings = AVCapturePhotoSettings(format: [AVVideoCodecKey: AVVideoCodecType.jpeg])
        output.capturePhoto(with: settings, delegate: self)
    }
}

extension CameraSession: AVCapturePhotoCaptureDelegate {
    nonisolated func photoOutput(_: AVCapturePhotoOutput, didFinishProcessingPhoto photo: AVCapturePhoto, error: Error?) {
        let jpeg = error == nil ? photo.fileDataRepresentation() : nil
        Task { @MainActor in
            self.onPhoto?(jpeg)
            self.onPhoto = nil
        }
    }
}

/// The live view, filling its frame the way the ghost over it does (aspect fill).
struct CameraPreview: UIViewRepresentable {
    let session: AVCaptureSession

    final class PreviewView: UIView {
        override class var layerClass: AnyClass { AVCaptureVideoPreviewLayer.self }
        var previewLayer: AVCaptureVideoPreviewLayer { layer as! AVCaptureVideoPreviewLayer }
    }

    func makeUIView(context _: Context) -> PreviewView {
        let view = PreviewView()
        view.previewLayer.session = session
        view.previewLayer.videoGravity = .resizeAspectFill
        return view
    }

    func updateUIView(_: PreviewView, context _: Context) {}
}
