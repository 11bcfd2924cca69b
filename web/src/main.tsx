import { createRoot } from "react-dom/client";
import { App } from "./ui/App";
import { UpdatePrompt } from "./UpdatePrompt";
import "./ui/style.css";

performance.mark("afterglow:nav-to-script");
const root = document.getElementById("root");
if (root) createRoot(root).render(<><UpdatePrompt /><App /></>);
