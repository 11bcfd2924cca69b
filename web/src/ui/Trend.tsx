import { useApp } from "./context";

const W = 600, H = 220, PAD = 32;

/** The patient's pain, redness and swelling per day against the expected band (SVG). */
export function Trend() {
  const { view } = useApp();
  const days = view.checkins.trend.days;
  if (days.length === 0) return null;
  const x = (i: number) => PAD + (i * (W - 2 * PAD)) / Math.max(1, days.length - 1);
  // Every series on 0–10: redness (0–4) and swelling (0–3) are scaled to that range.
  const y = (v: number) => H - PAD - (v * (H - 2 * PAD)) / 10;
  const series = [
    { name: "Pain", color: "#8a1c1c", max: 10, get: (d: (typeof days)[number]) => d.pain, band: (d: (typeof days)[number]) => d.expected?.pain_max },
    { name: "Redness", color: "#b45309", max: 4, get: (d: (typeof days)[number]) => d.redness, band: (d: (typeof days)[number]) => d.expected?.redness_max },
    { name: "Swelling", color: "#1d4ed8", max: 3, get: (d: (typeof days)[number]) => d.swelling, band: (d: (typeof days)[number]) => d.expected?.swelling_max },
  ];
  const band = days.map((d, i) => (d.expected ? `${x(i)},${y(d.expected.pain_max)}` : null)).filter(Boolean);
  return (
    <figure className="card" data-testid="trend">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="trend-title trend-desc" width="100%">
        <title id="trend-title">Your check-ins against the expected course</title>
        <desc id="trend-desc">Pain, redness and swelling by day after the session; the shaded area is what is expected for pain.</desc>
        {band.length > 1 && (
          <polygon fill="#d1fae5" points={[...band, `${x(days.length - 1)},${y(0)}`, `${x(0)},${y(0)}`].join(" ")} />
        )}
        <line x1={PAD} y1={y(0)} x2={W - PAD} y2={y(0)} stroke="#555" />
        {series.map((s) => {
          const pts = days.map((d, i) => { const v = s.get(d); return v == null ? null : `${x(i)},${y((v * 10) / s.max)}`; }).filter(Boolean);
          return <polyline key={s.name} fill="none" stroke={s.color} strokeWidth={2} points={pts.join(" ")} />;
        })}
        {days.map((d, i) => <text key={i} x={x(i)} y={H - 8} fontSize="11" textAnchor="middle">{d.day_index}</text>)}
      </svg>
      <figcaption>Day after session on the bottom. <span style={{ color: "#8a1c1c" }}>Pain</span>, <span style={{ color: "#b45309" }}>redness</span>, <span style={{ color: "#1d4ed8" }}>swelling</span>; green: expected pain.</figcaption>
    </figure>
  );
}
