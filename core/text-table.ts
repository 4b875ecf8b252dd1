// Plain-text tables for the terminal: text left-aligned, numbers right-aligned.
const NUMERIC = /^[-+]?(\d+(\.\d+)?|\.\d+)(e[-+]?\d+)?%?$|^-$/i;

export function textTable(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = head.map((_, i) => rows.length > 0 && rows.every((r) => NUMERIC.test(r[i] ?? "")));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(w[i]) : c.padEnd(w[i]))).join("  ").trimEnd();
  return [line(head), w.map((n) => "-".repeat(n)).join("  "), ...rows.map(line)].join("\n");
}
