import { beforeEach, describe, expect, it } from "vitest";
import type { Finding } from "../../lib/ipc/types";
import {
  applyMarkers,
  claimPattern,
  clearMarkers,
  estimateLines,
  findClaim,
  focusFinding,
  locateClaim,
  regionForLine,
} from "./claims";

// The shape the engine renders (tests/fixtures/factcheck/lambda-course.md, abridged).
const HTML = `<h1 id="lambda" data-line="6">Lambda</h1>
<h2 id="limits" data-line="8">Limits from the course</h2>
<ul>
<li>Memory: 128 MB – <strong>3,008</strong> MB</li>
<li>Memory is set in 64MB increments.</li>
<li>Max execution time is 5 minutes, so long jobs belong in Step Functions.</li>
<li>Billed per 100 ms of duration.</li>
<li>/tmp space: up to 512 MB</li>
</ul>
<table><thead><tr><th>Setting</th><th>Value</th></tr></thead><tbody>
<tr><td>Max memory</td><td>3 GB</td></tr>
<tr><td>Timeout (max)</td><td>300 sec</td></tr>
</tbody></table>
<h2 id="decoys" data-line="23">Decoys</h2>
<ul>
<li>Memory was 3,008 MB before December 2020.</li>
<li>The build takes about 15 minutes.</li>
<li>The build takes about 5 minutes.</li>
</ul>
<h2 id="worked" data-line="37">Worked examples</h2>
<ul>
<li>Duration cost: <span class="math math-inline">400,000 \\times 0.0000166667 = 7.67</span> dollars</li>
</ul>`;

function finding(line: number, claim: string, kind: Finding["kind"] = "stale", id = "00000000000000a1"): Finding {
  return { id, kind, file: "/n/lambda-course.md", note_id: "/n/lambda-course.md", line, column: 0, claim, expected: "10,240 MB", fact_id: null, source: "https://docs.aws.amazon.com/x", explanation: "It changed." };
}

let root: HTMLElement;
beforeEach(() => {
  document.body.innerHTML = `<div class="prose">${HTML}</div>`;
  root = document.querySelector(".prose")!;
});

describe("finding a claim in text", () => {
  it("matches across whitespace and ignores markdown marks in the claim", () => {
    expect(findClaim("up to 3,008\nMB here", "3,008 MB")).toEqual([[6, 14]]);
    expect(claimPattern("**3,008 MB**")!.test("3,008 MB")).toBe(true);
    expect(claimPattern("   ")).toBeNull();
  });

  it("does not match a number inside a longer one", () => {
    expect(findClaim("about 15 minutes, or 1.5 minutes", "5 minutes")).toEqual([]);
    expect(findClaim("at most 5 minutes.", "5 minutes")).toEqual([[8, 17]]);
    expect(findClaim("512 MB and 5120 MB", "512 MB")).toEqual([[0, 6]]);
  });
});

describe("locating a claim at a line", () => {
  it("picks the section holding the line", () => {
    expect(regionForLine(root, 12).heading?.id).toBe("limits");
    expect(regionForLine(root, 25).heading?.id).toBe("decoys");
    expect(regionForLine(root, 2).heading).toBeNull();
  });

  it("estimates list and table lines from the heading's line", () => {
    const est = estimateLines(regionForLine(root, 12));
    const lis = [...root.querySelectorAll("#limits ~ ul")[0].children];
    expect(lis.map((li) => est.get(li))).toEqual([10, 11, 12, 13, 14]);
    const rows = [...root.querySelectorAll("table tr")];
    expect(rows.map((r) => est.get(r))).toEqual([16, 18, 19]);
  });

  it("finds a claim split by emphasis, and the right one of several", () => {
    const loc = locateClaim(root, 10, "3,008 MB");
    expect(loc.pieces.map((p) => p.node.data.slice(p.start, p.end))).toEqual(["3,008", " MB"]);
    expect(loc.pieces[0].node.parentElement!.tagName).toBe("STRONG");
    // "5 minutes" in the decoys: line 26 is "about 5 minutes", never the "15 minutes" on line 25.
    const five = locateClaim(root, 26, "5 minutes");
    expect(five.pieces[0].node.data).toContain("about 5 minutes");
  });

  it("reports not found for a claim inside rendered math", () => {
    const loc = locateClaim(root, 39, "400,000 × 0.0000166667 = 7.67 dollars");
    expect(loc.pieces).toEqual([]);
    expect(loc.region.heading?.id).toBe("worked");
  });
});

describe("markers and focus", () => {
  it("marks claims once per line and claim, and clears back to the original text", () => {
    const before = root.innerHTML;
    const placed = applyMarkers(root, [
      finding(12, "5 minutes", "stale", "00000000000000a1"),
      finding(12, "5 minutes", "contradiction", "00000000000000a2"),
      finding(21, "300 sec", "stale", "00000000000000a3"),
      finding(99, "not in the note", "stale", "00000000000000a4"),
    ]);
    expect(placed).toBe(2);
    const markers = root.querySelectorAll('[data-testid="claim-marker"]');
    expect([...markers].map((m) => m.textContent)).toEqual(["5 minutes", "300 sec"]);
    expect(markers[0].getAttribute("data-finding-ids")).toBe("00000000000000a1 00000000000000a2");
    expect(markers[0].getAttribute("aria-label")).toMatch(/should be 10,240 MB/);
    clearMarkers(root);
    expect(root.innerHTML).toBe(before);
  });

  it("focuses a finding with a callout under its line (in the list item, or a row after a table row)", () => {
    applyMarkers(root, [finding(10, "3,008 MB"), finding(21, "300 sec", "stale", "00000000000000b1")]);
    const r = focusFinding(root, finding(10, "3,008 MB"));
    expect(r.found).toBe(true);
    expect(root.querySelectorAll(".claim-focus").length).toBe(2); // "3,008" and " MB"
    expect(r.callout.closest("li")!.textContent).toContain("Memory: 128 MB");
    expect(r.callout.textContent).toContain("https://docs.aws.amazon.com/x");
    const t = focusFinding(root, finding(21, "300 sec", "stale", "00000000000000b1"));
    expect(root.querySelectorAll(".finding-callout").length).toBe(1);
    expect(t.callout.closest("tr")!.previousElementSibling!.textContent).toContain("Timeout (max)");
  });

  it("falls back to highlighting the section when the claim is not in the text", () => {
    const r = focusFinding(root, finding(39, "400,000 × 0.0000166667 = 7.67 dollars", "arithmetic"));
    expect(r.found).toBe(false);
    expect(root.querySelector("#worked")!.classList.contains("claim-section")).toBe(true);
    expect(r.callout.previousElementSibling!.id).toBe("worked");
  });
});
