// Canonical JSON (sorted keys, no undefined) and the content hash used as a
// cell's id: the same configuration always gets the same id.
import { createHash } from "node:crypto";

export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
}

export function contentId(v: unknown, length = 16): string {
  return createHash("sha256").update(canonicalJson(v)).digest("hex").slice(0, length);
}
