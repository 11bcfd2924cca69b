import { useRef, useState, type RefObject } from "react";
import { useApp } from "./context";
import { useBlobUrl } from "./useBlobUrl";
import { Camera } from "./Camera";
import {
  PhotoForm, eventJournal, journalEventAdd, journalEventCompare, journalEventDelete, journalEventWriteComparison,
  type PhotoView,
} from "../shell/types";

function Thumb({ photo, selected, onToggle }: { photo: PhotoView; selected: boolean; onToggle: () => void }) {
  const url = useBlobUrl(photo.thumb_file);
  return (
    <li className={selected ? "thumb selected" : "thumb"}>
      <label>
        <input type="checkbox" checked={selected} onChange={onToggle} aria-label={photo.choose_label} />
        {url ? <img src={url} alt={photo.alt} width={160} /> : <span className="placeholder" />}
        <span>{photo.day_label}</span>
      </label>
    </li>
  );
}

export function Journal({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { shell, view, send } = useApp();
  const j = view.journal;
  const w = j.words;
  const [chosen, setChosen] = useState<bigint[]>([]);
  const [camera, setCamera] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const all = j.groups.flatMap((g) => g.days.flatMap((d) => d.photos));

  const add = async (file: Blob) => {
    await send(eventJournal(journalEventAdd(new PhotoForm(shell.pick(file), null, null, null))));
    if (fileInput.current) fileInput.current.value = "";
  };
  const toggle = (id: bigint) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c.slice(-1), id]));

  return (
    <section aria-labelledby="journal-title">
      <h1 id="journal-title" ref={headingRef} tabIndex={-1}>{w.title}</h1>
      <p>{w.privacy_note}</p>
      <div className="row">
        <label className="button">{w.add_photo}
          <input ref={fileInput} type="file" accept="image/jpeg,image/png,image/heic,image/*" data-testid="photo-input" className="visually-hidden"
            onChange={(e) => { const f = e.target.files?.[0]; if (f) void add(f); }} />
        </label>
        {"mediaDevices" in navigator && <button type="button" onClick={() => setCamera(true)}>{w.take_photo}</button>}
      </div>
      {camera && <Camera words={j.camera} ghost={j.references[0]?.file ?? null} onCapture={(b) => { setCamera(false); void add(b); }} onClose={() => setCamera(false)} />}
      {j.imported_label && <p role="status" data-testid="imported">{j.imported_label}</p>}
      {j.groups.map((g) => (
        <div key={String(g.session_id)}>
          <h2>{g.label}</h2>
          {g.days.map((d) => (
            <div key={d.label}>
              <h3>{d.label}</h3>
              <ul className="thumbs">{d.photos.map((p) => <Thumb key={String(p.id)} photo={p} selected={chosen.includes(p.id)} onToggle={() => toggle(p.id)} />)}</ul>
            </div>
          ))}
        </div>
      ))}
      {all.length === 0 && <p>{w.no_photos}</p>}
      <div className="row">
        <button type="button" disabled={chosen.length !== 2} onClick={() => send(eventJournal(journalEventCompare(chosen[0], chosen[1])))}>{w.compare}</button>
        <button type="button" disabled={chosen.length !== 1} onClick={() => { void send(eventJournal(journalEventDelete(chosen[0]))); setChosen([]); }}>{w.delete_chosen}</button>
      </div>
      {j.comparison && <Comparison />}
    </section>
  );
}

function Comparison() {
  const { view, send } = useApp();
  const c = view.journal.comparison!;
  const w = view.journal.words;
  const before = useBlobUrl(c.before.file);
  const after = useBlobUrl(c.after.file);
  const [split, setSplit] = useState(c.slider_start_percent);
  return (
    <div className="card" data-testid="comparison">
      <h2>{c.title}</h2>
      {!c.same_area && <p className="muted">{w.different_areas}</p>}
      <div className="side-by-side">
        <figure>{before && <img src={before} alt={c.before_alt} />}<figcaption>{c.before.day_label}</figcaption></figure>
        <figure>{after && <img src={after} alt={c.after_alt} />}<figcaption>{c.after.day_label}</figcaption></figure>
      </div>
      <div className="slider-view" aria-hidden="true" style={{ aspectRatio: `${c.before.width} / ${c.before.height}` }}>
        {before && <img src={before} alt="" />}
        {after && <img src={after} alt="" style={{ clipPath: `inset(0 0 0 ${split}%)` }} className="over" />}
      </div>
      <label>{w.slider} <input type="range" min={0} max={100} value={split} onChange={(e) => setSplit(Number(e.target.value))} data-testid="slider" /></label>
      <button type="button" onClick={() => send(eventJournal(journalEventWriteComparison(c.before.id, c.after.id, "afterglow-comparison.png")))}>{w.download_comparison}</button>
    </div>
  );
}
