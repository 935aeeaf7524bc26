// The browser demo and the UI tests' backend: it replays engine output recorded by
// ui/scripts/record-fixtures.mjs (`coldstart ... --json` into ./fixtures). It computes nothing:
// a call that was not recorded rejects with kind "demo", so no engine rule lives in TypeScript.
// client.ts loads this file only in `vite dev` (import.meta.env.DEV); the production bundle has none of it.
import type { Backend } from "./client";
import type {
  BackendError,
  CardInfo,
  CheckReport,
  DeckImportReport,
  DueSummary,
  ExamResult,
  ExamSummary,
  ExportReport,
  ImportReport,
  InputValue,
  ModelInfo,
  NoteSummary,
  NoteView,
  ReviewSettings,
  SearchResults,
  SimResult,
  Stats,
} from "./types";
import notes from "./fixtures/notes.json";
import noteViews from "./fixtures/note-views.json";
import search from "./fixtures/search.json";
import importReport from "./fixtures/import.json";
import simCatalog from "./fixtures/sim-catalog.json";
import simDefaults from "./fixtures/sim-defaults.json";
import simRuns from "./fixtures/sim-runs.json";
import simErrors from "./fixtures/sim-errors.json";
import check from "./fixtures/check.json";
import due from "./fixtures/due.json";
import cards from "./fixtures/cards.json";
import stats from "./fixtures/stats.json";
import settings from "./fixtures/settings.json";
import exams from "./fixtures/exams.json";
import examCustom from "./fixtures/exam-result-custom.json";
import examPractice from "./fixtures/exam-result-practice.json";
import exportReport from "./fixtures/export.json";
import importDeck from "./fixtures/import-deck.json";

/** The recorded engine output, typed as the IPC types (the recorder is the source of truth). */
export const fixtures = {
  notes: notes as NoteSummary[],
  noteViews: noteViews as unknown as Record<string, NoteView>,
  search: search as unknown as Record<string, SearchResults>,
  importReport: importReport as ImportReport,
  simCatalog: simCatalog as unknown as ModelInfo[],
  simResults: [...Object.values(simRuns), ...Object.values(simDefaults)] as unknown as SimResult[],
  simErrors: simErrors as Record<string, { message: string }>,
  check: check as unknown as CheckReport,
  due: due as unknown as DueSummary,
  cards: cards as unknown as CardInfo[],
  stats: stats as unknown as Stats,
  settings: settings as ReviewSettings,
  exams: exams as unknown as ExamSummary[],
  examResults: [examCustom, examPractice] as unknown as ExamResult[],
  exportReport: exportReport as unknown as ExportReport,
  importDeck: importDeck as unknown as DeckImportReport,
};

/** The placeholder the recorder puts where the imported folder was. */
export const DEMO_NOTES_DIR = "/home/learner/aws-notes";

function notRecorded(what: string): BackendError {
  return {
    kind: "demo",
    message: `${what} was not recorded for the browser demo; run Coldstart as the desktop app to use it.`,
  };
}

/** "dynamodb-capacity writes_per_second=-3 item_size_kb=2" → the model name and its inputs. */
function parseRunKey(key: string): { name: string; inputs: Record<string, string> } {
  const [name, ...pairs] = key.split(" ");
  return { name, inputs: Object.fromEntries(pairs.map((p) => p.split("=") as [string, string])) };
}

function sameInputs(given: Record<string, InputValue>, recorded: Record<string, unknown>): boolean {
  return Object.entries(given).every(([k, v]) => String(recorded[k]) === String(v));
}

export function createDemoBackend(): Backend {
  const dismissed = new Set<string>();
  const replay = <T>(value: T): Promise<T> => Promise.resolve(structuredClone(value));
  const reject = (what: string) => Promise.reject(notRecorded(what));

  return {
    kind: "demo",
    listNotes: () => replay(fixtures.notes),
    // The palette's scope is a setting the demo does not keep: "all", as in a fresh library.
    getSearchScope: () => replay("all" as const),
    setSearchScope: (scope) => replay(scope),
    openNote: (id) => (id in fixtures.noteViews ? replay(fixtures.noteViews[id]) : reject(`The note ${id}`)),
    search: (req) => {
      const hit = Object.values(fixtures.search).find(
        (r) => r.query === req.query.trim() && (!req.service || r.hits.every((h) => h.service === req.service)),
      );
      return hit ? replay(hit) : reject(`A search for "${req.query}"`);
    },
    importPaths: () => replay(fixtures.importReport),
    listServices: () => replay([...new Set(fixtures.notes.map((n) => n.service))].sort()),
    appInfo: () => replay({ data_dir: "(browser demo)", content_dir: "(browser demo)", version: "demo" }),
    pickFolder: () => Promise.resolve(null),
    simCatalog: () => replay(fixtures.simCatalog),
    simRun: (name, inputs) => {
      for (const [key, err] of Object.entries(fixtures.simErrors)) {
        const k = parseRunKey(key);
        if (k.name === name && Object.entries(k.inputs).every(([key, v]) => String(inputs[key]) === v)) {
          return Promise.reject({ kind: "invalid_input", message: err.message } satisfies BackendError);
        }
      }
      const hit = fixtures.simResults.find((r) => r.sim === name && sameInputs(inputs, r.inputs));
      return hit ? replay(hit) : reject(`This run of ${name}`);
    },
    checkNotes: () => replay({ findings: fixtures.check.findings.filter((f) => !dismissed.has(f.id)) }),
    dismissFinding: async (id) => {
      dismissed.add(id);
    },
    reviewDue: () => replay(fixtures.due),
    reviewNext: () => reject("Reviewing"),
    reviewAnswer: () => reject("Answering a card"),
    reviewUndo: () => reject("Undo"),
    cardSuspend: () => reject("Suspending a card"),
    cardBury: () => reject("Burying a card"),
    cardFlag: () => reject("Flagging a card"),
    cardEdit: () => reject("Editing a card"),
    listCards: () => replay(fixtures.cards),
    reviewStats: () => replay(fixtures.stats),
    reviewOptimize: () => reject("Optimising"),
    getSettings: () => replay(fixtures.settings),
    setSetting: () => reject("Changing a setting"),
    examStart: () => reject("Starting an exam"),
    examCurrent: () => Promise.resolve(null),
    examAnswer: () => reject("Answering"),
    examFlag: () => reject("Flagging"),
    examGoto: () => reject("Moving"),
    examPause: () => reject("Pausing"),
    examResume: () => reject("Resuming"),
    examSubmit: () => reject("Submitting"),
    examResult: (id) => {
      const r = fixtures.examResults.find((x) => x.attempt_id === id);
      return r ? replay(r) : reject(`Attempt ${id}`);
    },
    examHistory: () => replay(fixtures.exams),
    examBlueprint: () => reject("The exam blueprint"),
    libraryStatus: () => Promise.resolve(),
    restoreBackup: () => reject("Restoring a backup"),
    exportDeck: () => replay(fixtures.exportReport),
    importDeck: () => replay(fixtures.importDeck),
    pickExportPath: () => Promise.resolve(null),
    pickDeckFile: () => Promise.resolve(null),
  };
}
