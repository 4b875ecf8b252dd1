// The pinned files behind the typology tables and pretraining shares
// (datasets/pins/typology.json, written by scripts/pin-sources.ts).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { PinnedFile } from "../sources.ts";

const PINS: Record<string, PinnedFile> = JSON.parse(
  readFileSync(fileURLToPath(new URL("../pins/typology.json", import.meta.url)), "utf8"),
);

export function typologyPin(key: string): PinnedFile {
  const p = PINS[key];
  if (!p) throw new Error(`datasets/pins/typology.json has no "${key}" (has: ${Object.keys(PINS).join(", ")})`);
  return p;
}
