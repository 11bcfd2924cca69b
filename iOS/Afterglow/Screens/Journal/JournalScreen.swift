import PhotosUI
import SharedTypes
import SwiftUI

/// Photos grouped by session and day. Pick two to compare. New photos come from PhotosPicker
/// (only the picked photos are read) or the camera with its ghost overlay.
struct JournalScreen: View {
    @Environment(Core.self) private var core
    @State private var picked: PhotosPickerItem?
    @State private var chosen: [Int64] = []
    @State private var comparing = false
    @State private var camera = false

    var body: some View {
        let journal = core.view.journal
        List {
            HStack {
                Button(journal.words.takePhoto) { camera = true }
                Spacer()
                PhotosPicker(journal.words.addPhoto, selection: $picked, matching: .images)
            }
            .buttonStyle(.borderless)
            if let label = journal.importedLabel { Text(label) }
            if chosen.count == 2 {
                Button(journal.words.compare) {
                    core.update(.journal(.compare(firstId: chosen[0], secondId: chosen[1])))
                    chosen = []
                    comparing = true
                }
            }
            // By position: two groups can carry the same label (review #22).
            ForEach(Array(journal.groups.enumerated()), id: \.offset) { _, group in
                Section(group.label) {
                    ForEach(group.days, id: \.label) { day in
                        Text(day.label).font(.headline)
                        ScrollView(.horizontal) {
                            HStack {
                                ForEach(day.photos, id: \.id) { photo in
                                    StoredPhoto(file: photo.thumbFile)
                                        .frame(width: 96, height: 96).clipped()
                                        .overlay { if chosen.contains(photo.id) { RoundedRectangle(cornerRadius: 4).stroke(.tint, lineWidth: 3) } }
                                        .onTapGesture { toggle(photo.id) }
                                        .accessibilityLabel(photo.alt)
                                        // A button to VoiceOver, announced as selected when chosen (review #19).
                                        .accessibilityAddTraits(chosen.contains(photo.id) ? [.isButton, .isSelected] : .isButton)
                                        .accessibilityAction { toggle(photo.id) }
                                }
                            }
                        }
                    }
                }
            }
        }
        .navigationTitle(core.view.journal.words.title)
        .navigationDestination(isPresented: $comparing) { ComparisonScreen() }
        .fullScreenCover(isPresented: $camera) { CameraScreen() }
        .onChange(of: picked) { _, item in
            guard let item else { return }
            Task { await importPicked(item) }
        }
    }

    private func toggle(_ id: Int64) {
        if let index = chosen.firstIndex(of: id) {
            chosen.remove(at: index)
        } else {
            if chosen.count == 2 { chosen.removeFirst() }
            chosen.append(id)
        }
    }

    private func importPicked(_ item: PhotosPickerItem) async {
        defer { picked = nil }
        do {
            guard let data = try await item.loadTransferable(type: Data.self) else { return }
            let file = try await PhotoImporter.prepareInBackground(data)
            core.update(.journal(.add(form: PhotoForm(source: file.path, area: nil, note: nil, takenAt: nil))))
        } catch {
            core.problem = PhotoImporter.words(for: error, in: core.view.journal.words)
        }
    }
}
