import SharedTypes
import SwiftUI

/// The core's message about the last action (already in the patient's words).
struct ErrorBanner: View {
    let error: ErrorView?

    var body: some View {
        if let error {
            Text(error.message)
                .padding(12)
                .frame(maxWidth: .infinity, alignment: .leading)
                .background(.red.opacity(0.15), in: RoundedRectangle(cornerRadius: 8))
                .padding(.horizontal)
        }
    }
}
