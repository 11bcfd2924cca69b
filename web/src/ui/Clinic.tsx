import { useState, type RefObject } from "react";
import { useApp } from "./context";
import { STORES, req, tx } from "../shell/db";
import {
  ShareSelection, eventSharing, sharingEventLink, sharingEventShare, sharingEventSync, sharingEventUnlink, sharingEventUnlinkHere,
  checkinChoiceAll,
} from "../shell/types";

export function Clinic({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { view, send } = useApp();
  const s = view.sharing;
  const [server, setServer] = useState(location.origin);
  const [code, setCode] = useState("");
  const [autoShare, setAutoShare] = useState(true);
  const { shell } = useApp();
  // The view carries photos on the journal screen only; the ids come from this shell's own store.
  const shareAll = async () => {
    const keys = await tx(shell.db, [STORES.photos], "readonly", (t) => req(t.objectStore(STORES.photos).getAllKeys()));
    const photoIds = keys.map((k) => BigInt(k as number));
    await send(eventSharing(sharingEventShare(new ShareSelection(checkinChoiceAll(), photoIds, true))));
  };
  return (
    <section aria-labelledby="clinic-title" data-testid="clinic">
      <h1 id="clinic-title" ref={headingRef} tabIndex={-1}>Your clinic</h1>
      <p role="status" data-testid="sharing-status">{s.status}</p>
      {s.relink_needed && <p className="error" role="alert">Your clinic no longer accepts this device. Link again with a new invite.</p>}
      {!s.linked || s.relink_needed ? (
        <form onSubmit={(e) => { e.preventDefault(); void send(eventSharing(sharingEventLink(server.trim(), code.trim(), autoShare))); }}>
          <label>Clinic address <input name="server" type="url" required value={server} onChange={(e) => setServer(e.target.value)} /></label>
          <label>Invite code (or the invite link) <input name="invite" required value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" /></label>
          <label className="check"><input type="checkbox" checked={autoShare} onChange={(e) => setAutoShare(e.target.checked)} /> Send "contact clinic" and "urgent" check-ins to my clinic automatically</label>
          <button type="submit" className="primary">Link to my clinic</button>
        </form>
      ) : (
        <>
          <div className="card" data-testid="linked">
            <h2>{s.clinic_name}</h2>
            {s.clinic_phone && <p>Phone: <a href={`tel:${s.clinic_phone}`}>{s.clinic_phone}</a></p>}
            {s.after_hours_advice && <p>{s.after_hours_advice}</p>}
          </div>
          <div className="row">
            <button type="button" className="primary"
              onClick={() => void shareAll()}>
              Share my check-ins, photos and sessions
            </button>
            <button type="button" onClick={() => send(eventSharing(sharingEventSync()))}>Send now</button>
            <button type="button" onClick={() => send(eventSharing(sharingEventUnlink()))}>Stop sharing (unlink)</button>
          </div>
          {s.unlink_trouble && (
            <div className="card" role="alert" data-testid="unlink-trouble">
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
      <h2>Outbox</h2>
      <p>{s.sent} sent · {s.queued} waiting · {s.failed} not accepted</p>
      <ul data-testid="outbox">
        {s.items.map((i) => (
          <li key={String(i.id)} data-state={i.state.kind}>{i.label}: {i.state_text}{i.reason ? ` — ${i.reason}` : ""}</li>
        ))}
      </ul>
    </section>
  );
}
