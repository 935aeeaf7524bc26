// Fact-check findings inside a rendered note: locate a claim ("3,008 MB") near a source line,
// mark it (a subtle wavy underline, `span.claim-marker`), and, when a finding is opened from the
// Library, highlight it with its explanation in a callout right below the line.
//
// The rendered HTML only carries source lines on headings (`data-line`), so a line maps to the
// section under the last heading at or above it; inside that section the claim's text is searched,
// and when it occurs more than once the occurrence whose estimated line is closest wins.
import type { Finding, FindingKind } from "../../lib/ipc/types";

export const MARKER_CLASS = "claim-marker";
export const FOCUS_CLASS = "claim-focus";
export const SECTION_CLASS = "claim-section";
export const CALLOUT_CLASS = "finding-callout";

const KIND_LABEL: Record<FindingKind, string> = { stale: "Stale", contradiction: "Contradiction", arithmetic: "Arithmetic" };

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A pattern for a claim as it appears in rendered text: markdown emphasis and code marks dropped,
 * any run of whitespace matching any run (line breaks, non-breaking spaces), case-insensitive.
 * Null for a claim with nothing to search for.
 */
export function claimPattern(claim: string): RegExp | null {
  const cleaned = claim.replace(/\*\*|__|`|\\(?=[$*_`\\])/g, "").trim();
  if (!cleaned) return null;
  const parts = cleaned.split(/\s+/).map(escapeRegExp);
  return new RegExp(parts.join("\\s+"), "giu");
}

/** Where a claim occurs in a text: [start, end) offsets, in order. */
export function findClaim(text: string, claim: string): [number, number][] {
  const re = claimPattern(claim);
  if (!re) return [];
  const out: [number, number][] = [];
  const c = claim.trim();
  const num = (ch: string | undefined) => ch !== undefined && /\p{N}/u.test(ch);
  for (const m of text.matchAll(re)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    // A number must not be part of a longer one: "5 minutes" is not in "15 minutes" or "1.5 minutes".
    if (num(c[0]) && (num(text[start - 1]) || (/[.,]/.test(text[start - 1] ?? "") && num(text[start - 2])))) continue;
    if (num(c[c.length - 1]) && (num(text[end]) || (/[.,]/.test(text[end] ?? "") && num(text[end + 1])))) continue;
    out.push([start, end]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Text of a part of the DOM, with a way back from offsets to text nodes.

const SKIP_TAGS = new Set(["SCRIPT", "STYLE", "TEXTAREA", "SVG", "MATH", "BUTTON"]);

function skippedNode(el: Element | null, stop: Element): boolean {
  for (let e = el; e && e !== stop; e = e.parentElement) {
    if (SKIP_TAGS.has(e.tagName.toUpperCase())) return true;
    const c = e.classList;
    if (c.contains("katex") || c.contains("math") || c.contains("sim-widget") || c.contains(CALLOUT_CLASS)) return true;
  }
  return false;
}

interface TextIndex {
  text: string;
  nodes: { node: Text; start: number }[];
}

function indexText(elements: Element[]): TextIndex {
  let text = "";
  const nodes: TextIndex["nodes"] = [];
  for (const root of elements) {
    const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n as Text;
      if (skippedNode(t.parentElement, root.parentElement ?? root)) continue;
      nodes.push({ node: t, start: text.length });
      text += t.data;
    }
    text += "\n"; // never match across two top-level blocks
  }
  return { text, nodes };
}

export interface Piece {
  node: Text;
  start: number;
  end: number;
}

function piecesOf(index: TextIndex, start: number, end: number): Piece[] {
  const out: Piece[] = [];
  for (const { node, start: s } of index.nodes) {
    const e = s + node.data.length;
    if (e <= start || s >= end) continue;
    out.push({ node, start: Math.max(start, s) - s, end: Math.min(end, e) - s });
  }
  return out.filter((p) => p.end > p.start);
}

// ---------------------------------------------------------------------------------------------
// Lines: which section holds a line, and an estimate of the source line of each block in it.

function headingLevel(el: Element): number {
  const m = /^H([1-6])$/.exec(el.tagName.toUpperCase());
  return m ? Number(m[1]) : 0;
}

function dataLine(el: Element): number | null {
  const v = el.getAttribute("data-line");
  const n = v === null ? NaN : Number(v);
  return Number.isFinite(n) ? n : null;
}

export interface Region {
  /** The heading the region starts at (null: text before the first heading). */
  heading: Element | null;
  /** Top-level elements from the heading (included) up to the next heading with a line. */
  elements: Element[];
  /** The heading's line (1 when there is no heading). */
  startLine: number;
}

/** The part of the note holding `line`: from the last heading at or above it to the next heading. */
export function regionForLine(root: Element, line: number): Region {
  const children = [...root.children];
  let startIdx = -1;
  for (let i = 0; i < children.length; i++) {
    const l = headingLevel(children[i]) ? dataLine(children[i]) : null;
    if (l !== null && l <= line) startIdx = i;
    else if (l !== null && l > line) break;
  }
  const elements: Element[] = [];
  for (let i = Math.max(startIdx, 0); i < children.length; i++) {
    const el = children[i];
    if (i !== startIdx && headingLevel(el) && dataLine(el) !== null) break;
    elements.push(el);
  }
  const heading = startIdx >= 0 ? children[startIdx] : null;
  return { heading, elements, startLine: heading ? (dataLine(heading) ?? 1) : 1 };
}

/** The whole section under a heading (subsections included), for a second, wider search. */
function wideSection(root: Element, heading: Element | null): Element[] {
  if (!heading) return [...root.children];
  const level = headingLevel(heading) || 6;
  const out: Element[] = [heading];
  for (let el = heading.nextElementSibling; el; el = el.nextElementSibling) {
    const l = headingLevel(el);
    if (l > 0 && l <= level) break;
    out.push(el);
  }
  return out;
}

function textLines(el: Element): number {
  const t = (el.textContent ?? "").replace(/^\s+|\s+$/g, "");
  return t ? t.split("\n").length : 1;
}

/**
 * Estimates the source line of each block in a region, from the heading's line: one line per
 * list item and table row (plus the table's separator), fences around code and admonitions, and
 * a blank line between blocks. Good enough to tell two occurrences in one section apart.
 */
export function estimateLines(region: Region): Map<Element, number> {
  const est = new Map<Element, number>();
  const layout = (el: Element, line: number): number => {
    const tag = el.tagName.toUpperCase();
    if (headingLevel(el)) {
      const l = dataLine(el) ?? line;
      est.set(el, l);
      return l + 1;
    }
    if (tag === "UL" || tag === "OL") {
      for (const li of el.children) line = layout(li, line);
      return line;
    }
    if (tag === "LI") {
      est.set(el, line);
      let next = line + 1;
      for (const c of el.children) {
        const t = c.tagName.toUpperCase();
        if (t === "UL" || t === "OL") next = layout(c, next);
      }
      return next;
    }
    if (tag === "TABLE") {
      const rows = [...el.querySelectorAll("tr")];
      rows.forEach((tr, i) => est.set(tr, i === 0 ? line : line + 1 + i));
      est.set(el, line);
      return line + rows.length + 1;
    }
    if (tag === "PRE") {
      est.set(el, line + 1);
      return line + textLines(el) + 2;
    }
    if (el.classList.contains("admonition") || el.classList.contains("sim-cell")) {
      est.set(el, line + 1);
      for (const c of el.querySelectorAll("p, li")) est.set(c, line + 1);
      let n = textLines(el);
      const inputs = el.getAttribute("data-inputs");
      if (inputs) {
        try {
          n = Object.keys(JSON.parse(inputs)).length;
        } catch {
          /* keep the text estimate */
        }
      }
      return line + n + 2;
    }
    est.set(el, line);
    return line + textLines(el);
  };
  let line = region.startLine;
  region.elements.forEach((el, i) => {
    const start = i === 0 && region.heading ? line : line + (i === 0 ? 0 : 1);
    line = layout(el, start);
  });
  return est;
}

function estimatedLine(node: Node, est: Map<Element, number>, fallback: number): number {
  for (let e = node.parentElement; e; e = e.parentElement) {
    const l = est.get(e);
    if (l !== undefined) return l;
  }
  return fallback;
}

export interface ClaimLocation {
  /** The text to mark (several pieces when the claim spans inline elements); empty: not found. */
  pieces: Piece[];
  /** The part of the note holding the line (highlighted when the claim is not found). */
  region: Region;
}

/** Finds the claim's occurrence closest to `line`: in the line's region, else its whole section. */
export function locateClaim(root: Element, line: number, claim: string): ClaimLocation {
  const region = regionForLine(root, line);
  for (const elements of [region.elements, wideSection(root, region.heading)]) {
    const index = indexText(elements);
    const hits = findClaim(index.text, claim);
    if (hits.length === 0) continue;
    let best = hits[0];
    if (hits.length > 1) {
      const est = estimateLines(region);
      let bestDist = Infinity;
      for (const h of hits) {
        const p = piecesOf(index, h[0], h[1])[0];
        const d = p ? Math.abs(estimatedLine(p.node, est, region.startLine) - line) : Infinity;
        if (d < bestDist) {
          bestDist = d;
          best = h;
        }
      }
    }
    return { pieces: piecesOf(index, best[0], best[1]), region };
  }
  return { pieces: [], region };
}

// ---------------------------------------------------------------------------------------------
// Markers in the DOM.

function wrapPieces(doc: Document, pieces: Piece[], make: () => HTMLElement): HTMLElement[] {
  const out: HTMLElement[] = [];
  // Each piece lives in its own text node, so wrapping one leaves the others' offsets valid.
  for (const p of pieces) {
    let t = p.node;
    if (p.start > 0) t = t.splitText(p.start);
    if (p.end - p.start < t.data.length) t.splitText(p.end - p.start);
    const wrap = make();
    t.parentNode!.replaceChild(wrap, t);
    wrap.appendChild(t);
    out.push(wrap);
  }
  void doc;
  return out;
}

function markerIds(el: Element): string[] {
  return (el.getAttribute("data-finding-ids") ?? "").split(" ").filter(Boolean);
}

/** Every marker element (the pieces of one claim share a data-claim-key). */
export function markersFor(root: Element, findingId: string): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(`.${MARKER_CLASS}`)].filter((m) => markerIds(m).includes(findingId));
}

/** One tooltip-sized sentence for a marker. */
export function markerLabel(findings: Finding[]): string {
  return findings
    .map((f) => `${KIND_LABEL[f.kind]}: "${f.claim}" should be ${f.expected}. ${f.explanation}`)
    .join(" ");
}

/**
 * Puts a subtle marker on each finding's claim (one marker for findings that share a line and a
 * claim, e.g. a stale value that also contradicts another note). Returns how many claims were
 * found; findings whose claim is not in the text get no marker.
 */
export function applyMarkers(root: Element, findings: Finding[]): number {
  clearMarkers(root);
  const doc = root.ownerDocument;
  const byClaim = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.line}\u0000${f.claim}`;
    byClaim.set(key, [...(byClaim.get(key) ?? []), f]);
  }
  let placed = 0;
  for (const group of byClaim.values()) {
    const f = group[0];
    const loc = locateClaim(root, f.line, f.claim);
    if (loc.pieces.length === 0) continue;
    const kinds = [...new Set(group.map((g) => g.kind))];
    const made = wrapPieces(doc, loc.pieces, () => {
      const s = doc.createElement("span");
      s.className = `${MARKER_CLASS} kind-${kinds[0]}`;
      s.setAttribute("data-finding-ids", group.map((g) => g.id).join(" "));
      s.setAttribute("data-kinds", kinds.join(" "));
      return s;
    });
    const first = made[0];
    first.setAttribute("tabindex", "0");
    first.setAttribute("data-testid", "claim-marker");
    first.setAttribute("aria-label", markerLabel(group));
    placed++;
  }
  return placed;
}

/** Removes markers, focus highlights and callouts, leaving the note's text as it was. */
export function clearMarkers(root: Element): void {
  clearFocus(root);
  for (const m of [...root.querySelectorAll(`.${MARKER_CLASS}`)]) {
    const parent = m.parentNode!;
    while (m.firstChild) parent.insertBefore(m.firstChild, m);
    parent.removeChild(m);
    parent.normalize();
  }
}

/** Removes the focus highlight and the callout (the markers stay). */
export function clearFocus(root: Element): void {
  for (const c of [...root.querySelectorAll(`.${CALLOUT_CLASS}, .finding-callout-row`)]) c.remove();
  for (const el of [...root.querySelectorAll(`.${FOCUS_CLASS}`)]) el.classList.remove(FOCUS_CLASS);
  for (const el of [...root.querySelectorAll(`.${SECTION_CLASS}`)]) el.classList.remove(SECTION_CLASS);
}

const BLOCKS = new Set(["LI", "P", "TR", "PRE", "BLOCKQUOTE", "DD", "DT", "H1", "H2", "H3", "H4", "H5", "H6", "DIV"]);

/** The callout explaining a finding, built from text only (nothing from it is parsed as HTML). */
export function buildCallout(doc: Document, f: Finding, onclose?: () => void): HTMLElement {
  const el = (tag: string, cls: string, text?: string) => {
    const e = doc.createElement(tag);
    e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const box = el("aside", `${CALLOUT_CLASS} kind-${f.kind}`);
  box.setAttribute("data-testid", "finding-callout");
  box.setAttribute("role", "note");
  box.setAttribute("aria-label", `${KIND_LABEL[f.kind]} claim`);
  const head = el("div", "fc-head");
  head.append(el("span", `fc-kind kind-${f.kind}`, KIND_LABEL[f.kind]));
  const change = el("span", "fc-change");
  change.append(el("span", "fc-claim", f.claim), el("span", "fc-arrow", " → "), el("strong", "fc-expected", f.expected));
  change.querySelector(".fc-arrow")!.setAttribute("aria-label", "should be");
  head.append(change);
  if (onclose) {
    const close = el("button", "fc-close", "×") as HTMLButtonElement;
    close.type = "button";
    close.title = "Close";
    close.setAttribute("aria-label", "Close the explanation");
    close.addEventListener("click", (e) => {
      e.stopPropagation();
      onclose();
    });
    head.append(close);
  }
  box.append(head, el("p", "fc-explanation", f.explanation));
  if (f.source) {
    const src = el("p", "fc-source", "Source: ");
    src.append(el("span", "fc-url", f.source));
    box.append(src);
  }
  return box;
}

export interface FocusResult {
  /** What to scroll to: the claim, or the section's heading when the claim was not found. */
  target: Element;
  found: boolean;
  callout: HTMLElement;
}

/**
 * Highlights one finding's claim (its marker, made if missing) and puts the explanation in a
 * callout right below the line holding it. When the claim's text is not in the note (it changed,
 * or it sits inside rendered math) the whole section is highlighted instead.
 */
export function focusFinding(root: Element, f: Finding, onclose?: () => void): FocusResult {
  clearFocus(root);
  const doc = root.ownerDocument;
  let marks = markersFor(root, f.id);
  if (marks.length === 0) {
    const loc = locateClaim(root, f.line, f.claim);
    if (loc.pieces.length) {
      marks = wrapPieces(doc, loc.pieces, () => {
        const s = doc.createElement("span");
        s.className = `${MARKER_CLASS} kind-${f.kind}`;
        s.setAttribute("data-finding-ids", f.id);
        s.setAttribute("data-kinds", f.kind);
        return s;
      });
      marks[0].setAttribute("tabindex", "0");
      marks[0].setAttribute("data-testid", "claim-marker");
      marks[0].setAttribute("aria-label", markerLabel([f]));
    }
  }
  const callout = buildCallout(doc, f, onclose);
  if (marks.length) {
    for (const m of marks) m.classList.add(FOCUS_CLASS);
    let block: Element | null = marks[0].parentElement;
    while (block && block !== root && !BLOCKS.has(block.tagName.toUpperCase())) block = block.parentElement;
    insertCallout(root, block && block !== root ? block : marks[0], callout);
    return { target: marks[0], found: true, callout };
  }
  const region = regionForLine(root, f.line);
  for (const el of region.elements) el.classList.add(SECTION_CLASS);
  const anchor = region.elements[0] ?? root.firstElementChild;
  if (anchor) insertCallout(root, anchor, callout);
  else root.prepend(callout);
  return { target: anchor ?? callout, found: false, callout };
}

function insertCallout(root: Element, block: Element, callout: HTMLElement): void {
  const tag = block.tagName.toUpperCase();
  if (tag === "TR") {
    const doc = root.ownerDocument;
    const row = doc.createElement("tr");
    row.className = "finding-callout-row";
    const td = doc.createElement("td");
    td.colSpan = Math.max(1, block.children.length);
    td.appendChild(callout);
    row.appendChild(td);
    block.after(row);
  } else if (tag === "LI") {
    // Inside the item, before any nested list, so it sits right under the item's own line.
    const nested = [...block.children].find((c) => /^(UL|OL)$/i.test(c.tagName));
    block.insertBefore(callout, nested ?? null);
  } else if (block.parentElement) {
    block.after(callout);
  } else {
    root.appendChild(callout);
  }
}
