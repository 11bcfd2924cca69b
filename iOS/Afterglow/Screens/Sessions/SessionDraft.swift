import Foundation
import SharedTypes

/// What the patient has entered about a session so far (first run and "add another session"),
/// starting from the form as the core opens it (`ViewModel.sessionForm.initial`: this minute in
/// the patient's zone, its depth, the face), as the web app and Android do.
struct SessionDraft {
    var start: Date
    /// As typed: the core reads "1.5", "1,5" or ".25" and says what it cannot read.
    var depthMm: String
    var planned: Bool
    var screening: Set<Screening>
    /// The areas treated (review #8: was always the face, and so shared with the clinic).
    var areas: Set<TreatedArea>
    /// The zone the core opened the form in: where the session takes place.
    let zone: String

    init(opening form: SessionFormView) {
        start = Date(timeIntervalSince1970: TimeInterval(form.initialStartUtcMs) / 1000)
        depthMm = form.initial.depthMm
        planned = form.initial.planned
        screening = Set(form.initial.screening)
        areas = Set(form.initial.areas)
        zone = form.initial.zone
    }

    /// The picked start is an instant, sent as one (RFC 3339 in UTC): the core needs no local
    /// wall-clock reading from the shell, so no DST night can be misread here.
    func form(areaOrder: [TreatedArea]) -> SessionForm {
        SessionForm(
            start: ISO8601DateFormatter().string(from: start), zone: zone, depthMm: depthMm,
            areas: areaOrder.filter(areas.contains), device: nil, notes: nil, planned: planned,
            screening: Array(screening)
        )
    }
}
