// Spec selectors as users type them: a spec id (xpe-table1), a paper (xpe: all
// its tables and figures), a table or figure name (table1: that table of every
// paper), "tables" (every table, the quick-start job), "figures", or "all".
// Case does not matter, and a table numbered in Roman numerals answers to its
// Arabic number too (MPT's "tableII" is a "table2").
import type { Spec } from "../core/spec.ts";

export function selectSpecs(specs: Spec[], selector: string): Spec[] {
  const s = selector.toLowerCase();
  if (s === "all") return specs;
  if (s === "tables") return specs.filter((x) => !x.figure);
  if (s === "main") return specs.filter((x) => x.main);
  if (s === "figures") return specs.filter((x) => x.figure);
  const byId = specs.filter((x) => x.id.toLowerCase() === s);
  if (byId.length) return byId;
  const byPaper = specs.filter((x) => x.paper === s);
  if (byPaper.length) return byPaper;
  const number = tableNumber(s);
  // a name without a number matches only itself (two such names must not match each other through null)
  const byTable = specs.filter((x) =>
    x.table.toLowerCase() === s || (number !== null && tableNumber(x.table) === number)
  );
  if (byTable.length) return byTable;
  throw new Error(
    `no spec matches "${selector}". Use a spec id (${specs.map((x) => x.id).join(", ")}), a paper (${
      [...new Set(specs.map((x) => x.paper))].join(", ")
    }), a table or figure name (${
      [...new Set(specs.map((x) => x.table))].join(", ")
    }), "main", "tables", "figures" or "all".`,
  );
}

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50 };

/** "table2" and "tableII" both give "table2"; a name without a number gives null. */
export function tableNumber(name: string): string | null {
  const m = /^([a-z]+?)(\d+|[ivxl]+)$/i.exec(name);
  if (!m) return null;
  const digits = m[2].toLowerCase();
  if (/^\d+$/.test(digits)) return `${m[1].toLowerCase()}${Number(digits)}`;
  let n = 0;
  for (let i = 0; i < digits.length; i++) {
    const v = ROMAN[digits[i]], next = ROMAN[digits[i + 1]] ?? 0;
    n += v < next ? -v : v;
  }
  return `${m[1].toLowerCase()}${n}`;
}
