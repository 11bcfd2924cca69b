import Foundation
import SharedTypes

extension Clock {
    /// The patient's clock as the core wants it: the instant in UTC and the device's IANA zone.
    static func device(now: Date = Date(), zone: TimeZone = .current) -> Clock {
        Clock(nowUtcMs: Int64((now.timeIntervalSince1970 * 1000).rounded()), zone: zone.identifier)
    }
}
