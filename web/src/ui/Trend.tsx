import { useApp } from "./context";

const W = 600, H = 220, PAD = 32;

/** The chart the core drew as data (shared/src/checkin/trend.rs): every measure is already on
 *  one 0–1000 scale and every word is the core's; this only maps it onto the SVG. */
export function Trend() {
  const { view } = useApp();
  const chart = view.checkins.trend.chart;
  const n = chart.day_labels.length;
  if (n === 0) return null;
  // A single day sits in the middle (at the left edge it read as the start of a line that never came).
  const x = (i: number) => (n === 1 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (n - 1));
  const y = (perMille: number) => H - PAD - (perMille * (H - 2 * PAD)) / 1000;
  const band = chart.band.map((top, i) => (top == null ? null : `${x(i)},${y(top)}`)).filter(Boolean);
  const onlyBand = chart.band[0];
  return (
    <figure className="card trend" data-testid="trend">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="trend-title trend-desc" width="100%">
        <title id="trend-title">{chart.title}</title>
        <desc id="trend-desc">{chart.description}</desc>
        {band.length > 1 && (
          <polygon className="expected" points={[...band, `${x(n - 1)},${y(0)}`, `${x(0)},${y(0)}`].join(" ")} />
        )}
        {n === 1 && onlyBand != null && (
          <rect className="expected" x={W / 2 - 24} width={48} y={y(onlyBand)} height={y(0) - y(onlyBand)} />
        )}
        <line className="axis" x1={PAD} y1={y(0)} x2={W - PAD} y2={y(0)} />
        {chart.series.map((s) => {
          const pts = s.points.map((v, i) => (v == null ? null : [x(i), y(v)])).filter((p): p is number[] => p != null);
          // A dot on every answered day, so one check-in is visible before there is a line to draw.
          return (
            <g key={s.measure.kind} className={s.measure.kind.toLowerCase()} data-series={s.label}>
              <polyline strokeWidth={2} points={pts.map((p) => p.join(",")).join(" ")} />
              {pts.map(([px, py], i) => <circle key={i} cx={px} cy={py} r={4} />)}
            </g>
          );
        })}
        {chart.day_labels.map((label, i) => <text key={i} x={x(i)} y={H - 8} fontSize="11" textAnchor="middle">{label}</text>)}
      </svg>
      <figcaption>
        <span className="legend">{chart.series.map((s) => <span key={s.label} className={s.measure.kind.toLowerCase()}>{s.label}</span>)}</span>
        {chart.caption}
      </figcaption>
    </figure>
  );
}
