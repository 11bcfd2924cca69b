import SharedTypes
import SwiftUI

/// What the core decided about the check-in just stored, and what to do now.
struct CheckinResultScreen: View {
    @Environment(Core.self) private var core

    var body: some View {
        if let result = core.view.checkins.lastResult {
            ScrollView {
                VStack(alignment: .leading, spacing: 16) {
                    Text(result.level.title).font(.largeTitle.bold()).foregroundStyle(result.level.color)
                    Text("Day \(result.dayIndex)").font(.headline)
                    Text(result.advice).font(.body)
                    if result.flaggedForSharing {
                        Text("This check-in is marked for your clinic.").font(.callout)
                    }
                }
                .padding()
            }
            .navigationTitle("Result")
        } else {
            ProgressView() // stored and triaged on the Rust side; the render follows
        }
    }
}
