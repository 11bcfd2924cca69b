import SharedTypes
import SwiftUI

/// What the core decided about the check-in just stored, and what to do now; for "contact
/// clinic" and "urgent" while linked, the clinic's advice and an offer to send this check-in.
struct CheckinResultScreen: View {
    @Environment(Core.self) private var core

    var body: some View {
        let checkins = core.view.checkins
        if let result = checkins.lastResult {
            ScrollView {
                VStack(alignment: .leading, spacing: 16) {
                    Text(checkins.lastResultTitle ?? "").font(.largeTitle.bold()).foregroundStyle(result.level.color)
                    if let detail = checkins.lastResultDetail { Text(detail).font(.headline) }
                    Text(result.advice).font(.body)
                    if let advice = checkins.clinicAdvice { Text(advice).font(.body.bold()) }
                    if let call = checkins.callClinic, let uri = URL(string: call.uri) {
                        Link(call.label, destination: uri).buttonStyle(.borderedProminent)
                    }
                    if checkins.offerShare, let id = checkins.lastCheckinId {
                        Button(checkins.labels.share) { core.update(.sharing(.shareCheckin(checkinId: id))) }
                            .buttonStyle(.borderedProminent)
                    }
                    if let note = checkins.shareNote { Text(note).font(.callout) }
                    ForEach(checkins.clinicAnswer, id: \.self) { Text($0).font(.callout) }
                }
                .padding()
            }
            .navigationTitle(checkins.labels.resultTitle)
        } else {
            ProgressView() // stored and triaged on the Rust side; the render follows
        }
    }
}
