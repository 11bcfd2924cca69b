import Charts
import SharedTypes
import SwiftUI

/// Redness (0–4) and swelling (0–3) per day since the session, over the expected redness band.
/// Days without a check-in leave a gap; points are coloured by that day's triage level.
struct TrendChart: View {
    let trend: TrendView

    var body: some View {
        Chart {
            ForEach(trend.days, id: \.dayIndex) { day in
                if let band = day.expected {
                    AreaMark(x: .value("Day", Int(day.dayIndex)), y: .value("Expected redness", Int(band.rednessMax)))
                        .foregroundStyle(.red.opacity(0.12))
                }
                if let redness = day.redness {
                    LineMark(x: .value("Day", Int(day.dayIndex)), y: .value("Value", Int(redness)), series: .value("Series", "Redness"))
                        .foregroundStyle(.red)
                    PointMark(x: .value("Day", Int(day.dayIndex)), y: .value("Value", Int(redness)))
                        .foregroundStyle(day.level?.color ?? .red)
                }
                if let swelling = day.swelling {
                    LineMark(x: .value("Day", Int(day.dayIndex)), y: .value("Value", Int(swelling)), series: .value("Series", "Swelling"))
                        .foregroundStyle(.blue)
                }
            }
        }
        .chartYScale(domain: 0...4)
        .chartXAxisLabel("Day")
    }
}
