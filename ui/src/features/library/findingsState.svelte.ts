// Fact-check state shared by the Library view (the list) and the notebook (inline markers, the
// finding opened from the list).
import { backend } from "../../lib/ipc/client";
import type { Finding } from "../../lib/ipc/types";
import { withoutFinding } from "./findings";

export interface FindingFocus {
  noteId: string;
  finding: Finding;
  nonce: number;
}

class FindingsState {
  /** The last full check (null: not run yet). */
  findings = $state<Finding[] | null>(null);
  running = $state(false);
  /** When the last check finished. */
  checkedAt = $state<Date | null>(null);
  /** Bumped whenever findings change (a check ran, one was dismissed): open notes refresh markers. */
  version = $state(0);
  /** Ids dismissed in this session, kept out of any answer still in flight. */
  private dismissed = new Set<string>();
  /** The finding to show when the notebook next shows `noteId`. */
  focus = $state<FindingFocus | null>(null);
  private nonce = 0;
  private seq = 0;

  /** Runs the check on every note; a check started later wins over one still running. */
  async check(): Promise<void> {
    const seq = ++this.seq;
    this.running = true;
    try {
      const report = await backend().checkNotes();
      if (seq !== this.seq) return;
      this.findings = report.findings.filter((f) => !this.dismissed.has(f.id));
      this.checkedAt = new Date();
      this.version++;
    } finally {
      if (seq === this.seq) this.running = false;
    }
  }

  /** Dismisses a finding (remembered by the engine) and drops it from the list at once. */
  async dismiss(id: string): Promise<void> {
    await backend().dismissFinding(id);
    this.dismissed.add(id);
    if (this.findings) this.findings = withoutFinding(this.findings, id);
    this.version++;
  }

  isDismissed(id: string): boolean {
    return this.dismissed.has(id);
  }

  /** Asks the notebook to highlight `finding` once it shows `noteId`. */
  setFocus(noteId: string, finding: Finding): void {
    this.focus = { noteId, finding, nonce: ++this.nonce };
  }

  /** Takes the pending focus for a note (once). */
  takeFocus(noteId: string): FindingFocus | null {
    const f = this.focus;
    if (!f || f.noteId !== noteId) return null;
    this.focus = null;
    return f;
  }
}

export const findingsState = new FindingsState();
