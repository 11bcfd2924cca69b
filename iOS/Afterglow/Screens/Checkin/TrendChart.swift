import Charts
import SharedTypes
import SwiftUI

/// The chart the core drew as data (shared/src/checkin/trend.rs): every measure already on one
/// 0–1000 scale, the expected band, and the words; this only maps it onto Swift Charts. Days
/// without a check-in leave a gap; every answered day gets a point.
struct TrendChart: View {
    let chart: SharedTypes.TrendChart

    var body: some View {
        VStack(alignment: .leading) {
            Chart {
                ForEach(Array(chart.band.enumerated()), id: \.offset) { day, top in
                    if let top {
                        AreaMark(x: .value(chart.dayAxisLabel, day), y: .value(chart.bandLabel, Int(top)))
                            .foregroundStyle(.green.opacity(0.2))
                    }
                }
                ForEach(chart.series, id: \.label) { series in
                    ForEach(Array(series.points.enumerated()), id: \.offset) { day, value in
                        if let value {
                            LineMark(x: .value(chart.dayAxisLabel, day), y: .value(series.label, Int(value)), series: .value(series.label, series.label))
                                .foregroundStyle(series.measure.color)
                            PointMark(x: .value(chart.dayAxisLabel, day), y: .value(series.label, Int(value)))
                                .foregroundStyle(series.measure.color)
                        }
                    }
                }
            }
            .chartYScale(domain: 0...1000)
            .chartYAxis(.hidden)
            .chartXAxis {
                AxisMarks(values: Array(chart.dayLabels.indices)) { value in
                    AxisValueLabel { Text(value.as(Int.self).map { chart.dayLabels[$0] } ?? "") }
                }
            }
            .accessibilityLabel(chart.title)
            .accessibilityValue(chart.description)
            HStack { ForEach(chart.series, id: \.label) { Text($0.label).foregroundStyle($0.measure.color) } }
            Text(chart.caption).font(.caption)
        }
    }
}

private extension TrendMeasure {
    /// A measure's colour (the only choice this file makes about a series).
    var color: Color {
        switch self {
        case .pain: .pink
        case .redness: .orange
        case .swelling: .blue
        }
    }
}
