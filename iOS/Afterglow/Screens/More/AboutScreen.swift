import SharedTypes
import SwiftUI

/// What the app is and is not, the triage table's status and the plan in use: the core's words.
struct AboutScreen: View {
    let about: AboutView

    var body: some View {
        List {
            Section { Text(about.whatItIs) }
            Section { ForEach(about.whatItIsNot, id: \.self) { Text($0) } }
            Section {
                Text(about.privacy)
                Text(about.triageTable).font(.caption)
                Text(about.careProtocol).font(.caption)
            }
        }
        .navigationTitle(about.title)
    }
}
