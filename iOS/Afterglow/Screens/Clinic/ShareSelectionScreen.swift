import SharedTypes
import SwiftUI

/// What to send to the clinic: which check-ins, which photos, the session details. The choices,
/// the one pre-chosen and every word are the core's (`view.sharing.shareForm`).
struct ShareSelectionScreen: View {
    @Environment(Core.self) private var core
    @Environment(\.dismiss) private var dismiss
    @State private var checkins: CheckinChoice?
    @State private var sessions: Bool?
    @State private var photos: Set<Int64> = []

    var body: some View {
        if let form = core.view.sharing.shareForm {
            Form {
                Picker(form.checkinsTitle, selection: Binding(get: { checkins ?? form.checkinsDefault }, set: { checkins = $0 })) {
                    ForEach(form.checkinChoices, id: \.label) { Text($0.label).tag($0.choice) }
                }
                Toggle(form.sessionsLabel, isOn: Binding(get: { sessions ?? form.sessionsDefault }, set: { sessions = $0 }))
                Section(form.photosTitle) {
                    ForEach(form.photos, id: \.id) { photo in
                        Toggle(photo.label, isOn: Binding(
                            get: { photos.contains(photo.id) },
                            set: { if $0 { photos.insert(photo.id) } else { photos.remove(photo.id) } }
                        ))
                    }
                }
                Button(form.sendLabel) {
                    let selection = ShareSelection(
                        checkins: checkins ?? form.checkinsDefault,
                        photoIds: photos.sorted(),
                        includeSessions: sessions ?? form.sessionsDefault
                    )
                    core.update(.sharing(.share(selection: selection)))
                    dismiss()
                }
            }
            .navigationTitle(form.title)
        }
    }
}
