import SharedTypes
import SwiftUI

/// Triage levels keep one colour and title everywhere (result, history, trend chart).
extension Level {
    var color: Color {
        switch self {
        case .expected: .green
        case .watch: .yellow
        case .contactClinic: .orange
        case .urgent: .red
        }
    }

    var title: String {
        switch self {
        case .expected: "As expected"
        case .watch: "Keep an eye on it"
        case .contactClinic: "Contact your clinic today"
        case .urgent: "Get help now"
        }
    }
}
