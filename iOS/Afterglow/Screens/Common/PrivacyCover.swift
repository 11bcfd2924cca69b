import SwiftUI

/// Drawn over the app whenever it is not active, so the app switcher's snapshot shows no
/// check-ins, notes or face photos (review #20). No words: there is nothing to read here.
struct PrivacyCover: View {
    var body: some View {
        Rectangle()
            .fill(.background)
            .ignoresSafeArea()
            .accessibilityHidden(true)
    }
}
