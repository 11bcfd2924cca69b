import type { ReactElement } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./ui/App";
import { UpdatePrompt } from "./UpdatePrompt";
import { Shell } from "./shell/core";
import { download } from "./ui/context";
import "./ui/style.css";

performance.mark("afterglow:nav-to-script");
// React draws once the core has given its first view: until then the page's own frame (and, on a
// first visit, the core's first-run notice written into it at build time) stays as painted, so
// nothing flashes or moves when React takes over.
const starting = Shell.start(download);
const root = document.getElementById("root");
const draw = (app: ReactElement) => { if (root) createRoot(root).render(<><UpdatePrompt />{app}</>); };
starting.then((shell) => draw(<App shell={shell} />), (failure) => draw(<App failure={failure ?? "error"} />));
