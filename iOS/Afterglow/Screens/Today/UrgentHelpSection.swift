import SharedTypes
import SwiftUI

/// The red flags and the emergency action, in the core's words: always on Today.
struct UrgentHelpSection: View {
    let card: UrgentHelpView

    var body: some View {
        Section(card.title) {
            Text(card.action).bold()
            ForEach(card.signs, id: \.self) { Text("• \($0)") }
            if let afterwards = card.afterwards { Text(afterwards) }
        }
    }
}
