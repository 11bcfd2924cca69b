import { useState, type RefObject } from "react";
import { useApp } from "./context";
import {
  eventSharing, sharingEventLink, sharingEventShare, sharingEventSync, sharingEventUnlink, sharingEventUnlinkHere,
} from "../shell/types";

export function Clinic({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { view, send } = useApp();
  const s = view.sharing;
  const words = s.labels;
  const [server, setServer] = useState(location.origin);
  const [code, setCode] = useState("");
  const [autoShare, setAutoShare] = useState(view.sharing.labels.auto_share_default);
  // "Everything" (every check-in, every photo, the sessions) is the core's selection.
  const shareAll = async () => {
    if (s.share_form) await send(eventSharing(sharingEventShare(s.share_form.everything)));
  };
  return (
    <section aria-labelledby="clinic-title" data-testid="clinic">
      <h1 id="clinic-title" ref={headingRef} tabIndex={-1}>{words.title}</h1>
      <p role="status" data-testid="sharing-status">{s.status}</p>
      {words.relink_alert && <p className="error" role="alert">{words.relink_alert}</p>}
      {!s.linked || s.relink_needed ? (
        <form onSubmit={(e) => { e.preventDefault(); void send(eventSharing(sharingEventLink(server.trim(), code.trim(), autoShare))); }}>
          <h2>{words.link_title}</h2>
          <p>{words.link_help}</p>
          <label>{words.server_label} <input name="server" type="url" required value={server} onChange={(e) => setServer(e.target.value)} /></label>
          <label>{words.invite_label} <input name="invite" required value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" /></label>
          <label className="check"><input type="checkbox" checked={autoShare} onChange={(e) => setAutoShare(e.target.checked)} /> {words.auto_share_label}</label>
          <button type="submit" className="primary">{words.link_button}</button>
        </form>
      ) : (
        <>
          <div className="card" data-testid="linked">
            <h2>{s.clinic_name}</h2>
            {words.phone_line && s.clinic_phone && <p><a href={`tel:${s.clinic_phone}`}>{words.phone_line}</a></p>}
            {s.after_hours_advice && <p>{s.after_hours_advice}</p>}
          </div>
          <div className="row">
            <button type="button" className="primary"
              onClick={() => void shareAll()}>
              {words.share_button}
            </button>
            <button type="button" onClick={() => send(eventSharing(sharingEventSync()))}>{words.send_now}</button>
            <button type="button" onClick={() => send(eventSharing(sharingEventUnlink()))}>{words.unlink}</button>
          </div>
          {s.unlink_trouble && (
            <div className="card" role="alert" data-testid="unlink-trouble">
              <h2>{words.still_linked}</h2>
              <p>{s.unlink_trouble.message}</p>
              <div className="row">
                <button type="button" onClick={() => send(eventSharing(sharingEventUnlink()))}>{s.unlink_trouble.retry_label}</button>
                <button type="button" onClick={() => send(eventSharing(sharingEventUnlinkHere()))}>{s.unlink_trouble.here_only_label}</button>
              </div>
              <p>{s.unlink_trouble.here_only_note}</p>
            </div>
          )}
        </>
      )}
      <h2>{words.outbox_title}</h2>
      <ul data-testid="outbox">
        {s.items.map((i) => (
          <li key={String(i.id)} data-state={i.state.kind}>{i.label}: {i.state_text}{i.reason ? ` — ${i.reason}` : ""}</li>
        ))}
      </ul>
    </section>
  );
}
