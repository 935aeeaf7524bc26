// Application-wide UI state shared by the shell and the views.

export type View = "notebook" | "simulators" | "library" | "review" | "browse" | "exam" | "plan" | "stats" | "settings";

export interface NoteTarget {
  id: string;
  /** Heading anchor to scroll to and highlight. */
  anchor?: string;
  /** Search query whose words are marked inside the highlighted section. */
  query?: string;
  /** Changes on every request, so opening the same hit twice scrolls again. */
  nonce: number;
}

class AppState {
  view = $state<View>("notebook");
  paletteOpen = $state(false);
  target = $state<NoteTarget | null>(null);
  /** Bumped whenever the set of notes changes (after an import). */
  notesVersion = $state(0);
  private nonce = 0;

  /** Opens a note (at a section, with the query's words marked) and shows the notebook. */
  openNote(id: string, anchor?: string, query?: string, switchView = true): void {
    this.target = { id, anchor, query, nonce: ++this.nonce };
    if (switchView) this.view = "notebook";
  }

  openPalette(): void {
    this.paletteOpen = true;
  }

  closePalette(): void {
    this.paletteOpen = false;
  }
}

export const app = new AppState();
