// What a desktop app is expected to do, in the window: follow the system's light or dark theme
// (or the learner's choice), zoom with Ctrl+= / Ctrl+- / Ctrl+0, and open on the last view.
// Kept per data directory (a key prefix), so two libraries, or test runs, never mix.

export type ThemeChoice = "system" | "light" | "dark";
export const THEME_CHOICES: ThemeChoice[] = ["system", "light", "dark"];
export const ZOOM_STEPS = [0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];

let prefix = "coldstart:";
const darkQuery = () =>
  typeof window !== "undefined" && window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

function read(key: string): string | null {
  try {
    return localStorage.getItem(prefix + key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(prefix + key, value);
  } catch {
    /* storage unavailable: the choice lasts for this session */
  }
}

/** Where the preferences are kept: one set per data directory. */
export function usePrefix(dataDir: string): void {
  prefix = `coldstart:${dataDir}:`;
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): "light" | "dark" {
  return choice === "system" ? (systemDark ? "dark" : "light") : choice;
}

export function themeChoice(): ThemeChoice {
  const v = read("theme");
  return v === "light" || v === "dark" ? v : "system";
}

export function applyTheme(choice: ThemeChoice = themeChoice()): void {
  document.documentElement.dataset.theme = resolveTheme(choice, darkQuery()?.matches ?? false);
}

export function setTheme(choice: ThemeChoice): void {
  write("theme", choice);
  applyTheme(choice);
}

/** Follow the system while the choice is "system". */
export function watchSystemTheme(): void {
  darkQuery()?.addEventListener("change", () => applyTheme());
}

/** The next zoom step from `z` in direction `dir` (-1, +1; 0 resets). */
export function stepZoom(z: number, dir: -1 | 0 | 1): number {
  if (dir === 0) return 1;
  const i = ZOOM_STEPS.findIndex((s) => Math.abs(s - z) < 0.001);
  const at = i >= 0 ? i : ZOOM_STEPS.indexOf(1);
  return ZOOM_STEPS[Math.min(ZOOM_STEPS.length - 1, Math.max(0, at + dir))];
}

export function zoom(): number {
  const z = Number(read("zoom"));
  return ZOOM_STEPS.includes(z) ? z : 1;
}

export function applyZoom(z: number = zoom()): void {
  document.documentElement.style.setProperty("zoom", String(z));
}

/** Ctrl+= (or Ctrl++), Ctrl+- and Ctrl+0: the zoom direction, or null for other keys. */
export function zoomKey(e: Pick<KeyboardEvent, "ctrlKey" | "metaKey" | "altKey" | "key">): -1 | 0 | 1 | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  if (e.key === "=" || e.key === "+") return 1;
  if (e.key === "-" || e.key === "_") return -1;
  if (e.key === "0") return 0;
  return null;
}

export function handleZoomKey(e: KeyboardEvent): boolean {
  const dir = zoomKey(e);
  if (dir === null) return false;
  e.preventDefault();
  const z = stepZoom(zoom(), dir);
  write("zoom", String(z));
  applyZoom(z);
  return true;
}

export function lastView<V extends string>(views: readonly V[]): V | null {
  const v = read("view");
  return views.includes(v as V) ? (v as V) : null;
}

export function saveView(view: string): void {
  write("view", view);
}
