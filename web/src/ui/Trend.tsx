import { useApp } from "./context";

const W = 600, H = 220, PAD = 32;

/** The patient's pain, redness and swelling per day against the expected band (SVG). */
export function Trend() {
  const { view } = useApp();
  const days = view.checkins.trend.days;
  if (days.length === 0) return null;
  // A single day sits in the middle (at the left edge it read as the start of a line that never came).
  const x = (i: number) => (days.length === 1 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (days.length - 1));
  // Every series on 0–10: redness (0–4) and swelling (0–3) are scaled to that range.
  const y = (v: number) => H - PAD - (v * (H - 2 * PAD)) / 10;
  const series = [
    { name: "Pain", css: "pain", max: 10, get: (d: (typeof days)[number]) => d.pain, band: (d: (typeof days)[number]) => d.expected?.pain_max },
    { name: "Redness", css: "redness", max: 4, get: (d: (typeof days)[number]) => d.redness, band: (d: (typeof days)[number]) => d.expected?.redness_max },
    { name: "Swelling", css: "swelling", max: 3, get: (d: (typeof days)[number]) => d.swelling, band: (d: (typeof days)[number]) => d.expected?.swelling_max },
  ];
  const band = days.map((d, i) => (d.expected ? `${x(i)},${y(d.expected.pain_max)}` : null)).filter(Boolean);
  return (
    <figure className="card trend" data-testid="trend">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="trend-title trend-desc" width="100%">
        <title id="trend-title">Your check-ins against the expected course</title>
        <desc id="trend-desc">Pain, redness and swelling by day after the session; the shaded area is what is expected for pain.</desc>
        {band.length > 1 && (
          <polygon className="expected" points={[...band, `${x(days.length - 1)},${y(0)}`, `${x(0)},${y(0)}`].join(" ")} />
        )}
        {days.length === 1 && days[0].expected && (
          <rect className="expected" x={W / 2 - 24} width={48} y={y(days[0].expected.pain_max)} height={y(0) - y(days[0].expected.pain_max)} />
        )}
        <line className="axis" x1={PAD} y1={y(0)} x2={W - PAD} y2={y(0)} />
        {series.map((s) => {
          const pts = days.map((d, i) => { const v = s.get(d); return v == null ? null : [x(i), y((v * 10) / s.max)]; })
            .filter((p): p is number[] => p != null);
          // A dot on every answered day, so one check-in is visible before there is a line to draw.
          return (
            <g key={s.name} className={s.css} data-series={s.name}>
              <polyline strokeWidth={2} points={pts.map((p) => p.join(",")).join(" ")} />
              {pts.map(([px, py], i) => <circle key={i} cx={px} cy={py} r={4} />)}
            </g>
          );
        })}
        {days.map((d, i) => <text key={i} x={x(i)} y={H - 8} fontSize="11" textAnchor="middle">{d.day_index}</text>)}
      </svg>
      <figcaption>Day after session on the bottom. <span className="pain">Pain</span>, <span className="redness">redness</span>, <span className="swelling">swelling</span>; green: expected pain.</figcaption>
    </figure>
  );
}
