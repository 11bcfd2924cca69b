import SharedTypes
import SwiftUI

/// Triage levels keep one colour everywhere (result, history, trend chart); their words come
/// from the core (`levelTitle`, `lastResultTitle`).
extension Level {
    var color: Color {
        switch self {
        case .expected: .green
        case .watch: .yellow
        case .contactClinic: .orange
        case .urgent: .red
        }
    }
}
