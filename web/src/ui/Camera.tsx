import { useEffect, useRef, useState } from "react";
import type { CameraScreenWords } from "../shell/types";
import { useBlobUrl } from "./useBlobUrl";

type Facing = "user" | "environment";

/** Live camera with the reference photo as a faint "ghost" on top, to line up the same framing.
 *  The browser shows either camera unmirrored, as the photo is stored, so the ghost is never
 *  flipped; both fill the same box (the video's own frame, the ghost `object-fit: cover`). */
export function Camera({ words, ghost, onCapture, onClose }: { words: CameraScreenWords; ghost: string | null; onCapture: (b: Blob) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [facing, setFacing] = useState<Facing>("user");
  const ghostUrl = useBlobUrl(ghost);
  useEffect(() => {
    let stream: MediaStream | null = null;
    setUnavailable(false);
    navigator.mediaDevices?.getUserMedia({ video: { facingMode: facing } })
      .then((s) => { stream = s; if (video.current) { video.current.srcObject = s; void video.current.play(); } })
      .catch(() => setUnavailable(true));
    return () => stream?.getTracks().forEach((t) => t.stop());
  }, [facing]);
  const capture = () => {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    const canvas = document.createElement("canvas");
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext("2d")?.drawImage(v, 0, 0);
    canvas.toBlob((b) => b && onCapture(b), "image/jpeg", 0.92);
  };
  const other: Facing = facing === "user" ? "environment" : "user";
  return (
    <div className="card camera" role="dialog" aria-label={words.title}>
      {unavailable ? <p role="alert">{words.unavailable}</p> : (
        <div className="camera-view">
          <video ref={video} playsInline muted aria-label={facing === "user" ? words.front : words.back} />
          {ghostUrl && <img className="ghost" src={ghostUrl} alt={words.ghost} />}
        </div>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={capture} disabled={unavailable}>{words.capture}</button>
        <button type="button" onClick={() => setFacing(other)}>{words.switch_camera}</button>
        <button type="button" onClick={onClose}>{words.close}</button>
      </div>
    </div>
  );
}
