import { useApp } from "./context";

/** The red flags and the emergency action, in the core's words; always on Today. */
export function UrgentHelp() {
  const card = useApp().view.urgent_help;
  return (
    <section className="card level-Urgent" aria-labelledby="urgent-help-title" data-testid="urgent-help">
      <h2 id="urgent-help-title">{card.title}</h2>
      <p><strong>{card.action}</strong></p>
      <ul>{card.signs.map((s, i) => <li key={i}>{s}</li>)}</ul>
      {card.afterwards && <p>{card.afterwards}</p>}
    </section>
  );
}
