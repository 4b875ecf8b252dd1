#!/usr/bin/env bun
// Writes datasets/pins/typology.json: sha256 and size of the URIEL feature
// files, language coordinates, ISO 639-3 table and pretraining language
// ratios, read from a mirror folder in raw-GitHub layout (as pin-sources.ts).
//   bun scripts/pin-typology.ts <mirror-root>
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DATA_LANG2VEC, LANG2VEC, SPT_REPO, rawPath } from "../datasets/sources.ts";

const root = process.argv[2];
if (!root || !existsSync(root)) {
  console.error("usage: bun scripts/pin-typology.ts <mirror-root>  (folder laid out as <owner>/<repo>/<commit>/<path>)");
  process.exit(2);
}
const pin = (path: string) => {
  const bytes = readFileSync(join(root, path));
  return { path, sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length };
};
const files: Record<string, string> = {
  "lang2vec/features": rawPath(LANG2VEC.repo, LANG2VEC.commit, "lang2vec/data/features.npz"),
  "lang2vec/family_features": rawPath(LANG2VEC.repo, LANG2VEC.commit, "lang2vec/data/family_features.npz"),
  "data_lang2vec/geo": rawPath(DATA_LANG2VEC.repo, DATA_LANG2VEC.commit, "data/geo.csv"),
  "data_lang2vec/iso-639-3": rawPath(DATA_LANG2VEC.repo, DATA_LANG2VEC.commit, "data/iso-639-3.tab"),
  "spt/lang_distribution": rawPath(SPT_REPO.repo, SPT_REPO.commit, "Data/lang_distribution.xlsx"),
  "spt/sib-200_labels": rawPath(SPT_REPO.repo, SPT_REPO.commit, "Data/sib-200_labels.xlsx"),
};
const pins = Object.fromEntries(Object.entries(files).map(([k, p]) => [k, pin(p)]));
writeFileSync("datasets/pins/typology.json", JSON.stringify(pins, null, 1) + "\n");
console.log(`pinned ${Object.keys(pins).length} typology files`);
