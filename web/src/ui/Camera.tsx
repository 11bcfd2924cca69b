import { useEffect, useRef, useState } from "react";
import { useBlobUrl } from "./useBlobUrl";

/** Live camera with the reference photo as a faint "ghost" on top, to line up the same framing. */
export function Camera({ ghost, onCapture, onClose }: { ghost: string | null; onCapture: (b: Blob) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const ghostUrl = useBlobUrl(ghost);
  useEffect(() => {
    let stream: MediaStream | null = null;
    navigator.mediaDevices?.getUserMedia({ video: { facingMode: "user" } })
      .then((s) => { stream = s; if (video.current) { video.current.srcObject = s; void video.current.play(); } })
      .catch(() => setError("The camera is not available here; use Add a photo instead."));
    return () => stream?.getTracks().forEach((t) => t.stop());
  }, []);
  const capture = () => {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    const canvas = document.createElement("canvas");
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext("2d")?.drawImage(v, 0, 0);
    canvas.toBlob((b) => b && onCapture(b), "image/jpeg", 0.92);
  };
  return (
    <div className="card camera" role="dialog" aria-label="Camera">
      {error ? <p role="alert">{error}</p> : (
        <div className="camera-view">
          <video ref={video} playsInline muted />
          {ghostUrl && <img className="ghost" src={ghostUrl} alt="" aria-hidden="true" />}
        </div>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={capture} disabled={!!error}>Capture</button>
        <button type="button" onClick={onClose}>Close</button>
      </div>
    </div>
  );
}
