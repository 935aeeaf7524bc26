import { mount } from "svelte";
import "katex/dist/katex.min.css";
import "./styles/app.css";
import "./styles/note.css";
import "./styles/dark.css";
import App from "./App.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("#app element missing from index.html");

export default mount(App, { target });
