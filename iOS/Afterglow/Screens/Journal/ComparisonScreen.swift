import SharedTypes
import SwiftUI

/// Two photos, oldest first: side by side, or stacked with a slider revealing the after photo
/// from the left. "Share" has the core draw both with day labels into a PNG, then shares it.
struct ComparisonScreen: View {
    @Environment(Core.self) private var core
    @State private var sideBySide = true
    @State private var split: Double?
    @State private var sharing: URL?

    var body: some View {
        if let comparison = core.view.journal.comparison {
            let fraction = split ?? Double(comparison.sliderStartPercent) / 100
            VStack {
                Picker(comparison.slider, selection: $sideBySide) {
                    Text(comparison.sideBySide).tag(true)
                    Text(comparison.slider).tag(false)
                }
                .pickerStyle(.segmented)
                Text(comparison.title)
                if let differentAreas = comparison.differentAreas { Text(differentAreas).font(.caption) }
                if sideBySide {
                    HStack {
                        StoredPhoto(file: comparison.before.file).aspectRatio(0.75, contentMode: .fit).clipped()
                        StoredPhoto(file: comparison.after.file).aspectRatio(0.75, contentMode: .fit).clipped()
                    }
                } else {
                    GeometryReader { geometry in
                        ZStack(alignment: .leading) {
                            StoredPhoto(file: comparison.before.file)
                            StoredPhoto(file: comparison.after.file)
                                .mask(alignment: .leading) { Rectangle().frame(width: geometry.size.width * fraction) }
                        }
                        .clipped()
                    }
                    .aspectRatio(0.75, contentMode: .fit)
                    // Read by VoiceOver with its percentage (review #19).
                    Slider(value: Binding(get: { fraction }, set: { split = $0 }), in: 0...1)
                        .accessibilityLabel(comparison.sliderLabel)
                }
                Button(comparison.share) {
                    // A new name each time (review #25): the sheet opens once the view reports this
                    // name written, and a fixed name was already reported by the previous export.
                    // A new name each time, so the share sheet never opens an older image.
                    let stamp = Int(Date().timeIntervalSince1970 * 1000)
                    let png = ShareSheet.folder().appendingPathComponent("comparison-\(stamp).png")
                    core.update(.journal(.writeComparison(firstId: comparison.before.id, secondId: comparison.after.id, destination: png.path)))
                    sharing = png
                }
            }
            .padding()
            .navigationTitle(core.view.journal.words.compare)
            // The file exists once the core reports it written.
            .sheet(isPresented: Binding(
                get: { sharing != nil && core.view.journal.lastWritten == sharing?.path },
                set: { if !$0 { sharing = nil } }
            )) {
                if let sharing { ShareSheet(file: sharing) }
            }
        }
    }
}
