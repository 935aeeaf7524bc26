import type { SourceFilter } from "../../lib/ipc/types";

/** The palette's last query and filters, kept while it is closed (like most editors do). */
export const lastSearch = $state<{ query: string; service: string; source: SourceFilter }>({
  query: "",
  service: "",
  source: "all",
});
