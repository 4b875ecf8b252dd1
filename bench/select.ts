// Spec selectors as users type them: a spec id (xpe-table1), a paper (xpe: all
// its tables and figures), a table or figure name (table1: that table of every
// paper), "tables" (every table, the quick-start job), "figures", or "all".
import type { Spec } from "./spec/types.ts";

export function selectSpecs(specs: Spec[], selector: string): Spec[] {
  const s = selector.toLowerCase();
  if (s === "all") return specs;
  if (s === "tables") return specs.filter((x) => !x.figure);
  if (s === "figures") return specs.filter((x) => x.figure);
  const byId = specs.filter((x) => x.id === s);
  if (byId.length) return byId;
  const byPaper = specs.filter((x) => x.paper === s);
  if (byPaper.length) return byPaper;
  const byTable = specs.filter((x) => x.table === s);
  if (byTable.length) return byTable;
  throw new Error(
    `no spec matches "${selector}". Use a spec id (${specs.map((x) => x.id).join(", ")}), a paper (${[...new Set(specs.map((x) => x.paper))].join(", ")}), a table or figure name (${[...new Set(specs.map((x) => x.table))].join(", ")}), "tables", "figures" or "all".`,
  );
}
