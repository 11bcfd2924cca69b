import SharedTypes
import SwiftUI

/// What to send to the clinic: which check-ins, which photos, the session details.
struct ShareSelectionScreen: View {
    @Environment(Core.self) private var core
    @Environment(\.dismiss) private var dismiss
    @State private var checkins: CheckinChoice = .flagged
    @State private var sessions = true
    @State private var photos: Set<Int64> = []

    var body: some View {
        Form {
            Picker("Check-ins", selection: $checkins) {
                Text("Only those marked for the clinic").tag(CheckinChoice.flagged)
                Text("All").tag(CheckinChoice.all)
                Text("None").tag(CheckinChoice.none)
            }
            Toggle("Session details (date, depth, areas)", isOn: $sessions)
            Section("Photos") {
                ForEach(core.view.journal.groups.flatMap { $0.days.flatMap(\.photos) }, id: \.id) { photo in
                    Toggle("\(photo.dayLabel) · \(photo.takenLabel)", isOn: Binding(
                        get: { photos.contains(photo.id) },
                        set: { if $0 { photos.insert(photo.id) } else { photos.remove(photo.id) } }
                    ))
                }
            }
            Button("Send") {
                let selection = ShareSelection(checkins: checkins, photoIds: photos.sorted(), includeSessions: sessions)
                core.update(.sharing(.share(selection: selection)))
                dismiss()
            }
        }
        .navigationTitle("Share with the clinic")
        // Choosing photos needs the journal's lists, which the core builds on its journal screen.
        .onAppear { core.update(.show(screen: .journal)) }
        .onDisappear { core.update(.show(screen: .sharing)) }
    }
}
