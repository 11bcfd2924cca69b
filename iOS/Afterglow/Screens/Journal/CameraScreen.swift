import AVFoundation
import SharedTypes
import SwiftUI
import UIKit

/// Choose the area, then the camera opens with that area's first photo as a ghost overlay, with
/// the front and the back lens (review #17). Every word is the core's (`view.journal.camera`).
struct CameraScreen: View {
    @Environment(Core.self) private var core
    @Environment(\.dataDirectory) private var dataDirectory
    @Environment(\.dismiss) private var dismiss
    @State private var area: TreatedArea = .face
    @State private var shooting = false

    var body: some View {
        let words = core.view.journal.camera
        NavigationStack {
            Form {
                Picker(words.area, selection: $area) {
                    ForEach(core.view.treatedAreas, id: \.area) { Text($0.label).tag($0.area) }
                }
                Button(words.openCamera) { shooting = true }
                    .disabled(!CameraSession.available(.front) && !CameraSession.available(.back))
            }
            .navigationTitle(words.title)
            .toolbar { Button(words.cancel) { dismiss() } }
            .fullScreenCover(isPresented: $shooting) {
                LiveCamera(words: words, ghost: ghost) { jpeg in
                    shooting = false
                    let area = area
                    Task {
                        do {
                            let file = try await PhotoImporter.prepareInBackground(jpeg)
                            core.update(.journal(.add(form: PhotoForm(source: file.path, area: area, note: nil, takenAt: nil))))
                            dismiss()
                        } catch {
                            core.problem = words.captureFailed
                        }
                    }
                }
            }
        }
    }

    private var ghost: UIImage? {
        guard let reference = core.view.journal.references.first(where: { $0.area == area }) else { return nil }
        return UIImage(contentsOfFile: dataDirectory.appendingPathComponent(reference.file).path)
    }
}

/// The live view with the ghost over it, both aspect-filled into one frame; the ghost mirrored
/// while the front lens is on, as its preview is.
private struct LiveCamera: View {
    let words: CameraScreenWords
    let ghost: UIImage?
    let onPhoto: (Data) -> Void
    @Environment(\.dismiss) private var dismiss
    @State private var camera = CameraSession()
    @State private var position: AVCaptureDevice.Position = .front
    @State private var allowed = AVCaptureDevice.authorizationStatus(for: .video) == .authorized
    @State private var failed = false
    @State private var unavailable = false

    var body: some View {
        VStack(spacing: 0) {
            if unavailable {
                Text(words.unavailable).padding().frame(maxHeight: .infinity)
            } else if allowed {
                ZStack {
                    CameraPreview(session: camera.session)
                    if let ghost {
                        Image(uiImage: ghost)
                            .resizable()
                            .scaledToFill()
                            .scaleEffect(x: position == .front ? -1 : 1, y: 1)
                            .opacity(0.35)
                            .allowsHitTesting(false)
                            .accessibilityLabel(words.ghost)
                    }
                }
                .clipped()
            } else {
                Text(words.needsPermission).padding().frame(maxHeight: .infinity)
            }
            if failed { Text(words.captureFailed).foregroundStyle(.red).padding(.top, 8) }
            HStack {
                Button(words.close) { dismiss() }
                Spacer()
                Button(words.capture) {
                    camera.capture { jpeg in
                        if let jpeg { onPhoto(jpeg) } else { failed = true }
                    }
                }
                .buttonStyle(.borderedProminent)
                .disabled(!allowed || unavailable)
                Spacer()
                Button(words.switchCamera) { switchLens() }
                    .disabled(!allowed || !CameraSession.available(position == .front ? .back : .front))
                    .accessibilityValue(position == .front ? words.front : words.back)
            }
            .padding()
        }
        .task {
            if !allowed { allowed = await AVCaptureDevice.requestAccess(for: .video) }
            if allowed, !camera.start(position) {
                position = position == .front ? .back : .front
                unavailable = !camera.start(position)
            }
        }
        .onDisappear { camera.stop() }
    }

    private func switchLens() {
        let other: AVCaptureDevice.Position = position == .front ? .back : .front
        if camera.start(other) { position = other }
    }
}
