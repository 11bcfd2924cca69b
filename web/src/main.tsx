import { createRoot } from "react-dom/client";
import { App } from "./ui/App";
import { UpdatePrompt } from "./UpdatePrompt";
import { loadWasm } from "./shell/wasm";
import "./ui/style.css";

performance.mark("afterglow:nav-to-script");
// Compile the core (streaming, from the download the page's preload started) while React draws
// the frame; Shell.start awaits the same promise and reports a failure.
loadWasm().catch(() => {});
const root = document.getElementById("root");
if (root) createRoot(root).render(<><UpdatePrompt /><App /></>);
