#!/usr/bin/env bun
// Writes datasets/pins/*.json: the sha256 and size of every pinned source file,
// read from a folder in raw-GitHub layout (a mirror). Run after checking the
// mirror against upstream; the pins are then the contract for every download.
//   bun scripts/pin-sources.ts <mirror-root>
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256 } from "../datasets/fetch.ts";
import {
  DATA_LANG2VEC,
  LANG2VEC,
  MESH_REPO,
  rawPath,
  SIB200,
  SPT_REPO,
  SUPERGLEBER_REPO,
  UNIPROMPT_REPO,
  XPE_REPO,
} from "../datasets/sources.ts";
import { XNLI_LANGUAGES } from "../datasets/xnli.ts";
import { PAWSX_LANGUAGES } from "../datasets/parallel.ts";
import { MARC_LANGUAGES, MARC_SHOTS, marcShotsKey } from "../datasets/marc.ts";

const root = process.argv[2];
if (!root || !existsSync(root)) {
  console.error("usage: bun scripts/pin-sources.ts <mirror-root>  (folder laid out as <owner>/<repo>/<commit>/<path>)");
  process.exit(2);
}
const pin = (path: string) => {
  const bytes = readFileSync(join(root, path));
  return { path, sha256: sha256(bytes), bytes: bytes.length };
};

const base = rawPath(SIB200.repo, SIB200.commit, "data/annotated");
const langs = readdirSync(join(root, base), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
  .sort();
const sib: Record<string, unknown> = {};
for (const lang of langs) {
  for (const split of ["train", "dev", "test"]) sib[`${lang}/${split}`] = pin(`${base}/${lang}/${split}.tsv`);
}
writeFileSync("datasets/pins/sib200.json", JSON.stringify(sib, null, 1) + "\n");

const meta = pin(rawPath(XPE_REPO.repo, XPE_REPO.commit, XPE_REPO.metaPath));
writeFileSync("datasets/pins/xpe-meta.json", JSON.stringify(meta, null, 1) + "\n");

// typology (URIEL features, coordinates, ISO 639-3) and the SPT authors' data files
const typology: Record<string, string> = {
  "lang2vec/features": rawPath(LANG2VEC.repo, LANG2VEC.commit, "lang2vec/data/features.npz"),
  "lang2vec/family_features": rawPath(LANG2VEC.repo, LANG2VEC.commit, "lang2vec/data/family_features.npz"),
  "data_lang2vec/geo": rawPath(DATA_LANG2VEC.repo, DATA_LANG2VEC.commit, "data/geo.csv"),
  "data_lang2vec/iso-639-3": rawPath(DATA_LANG2VEC.repo, DATA_LANG2VEC.commit, "data/iso-639-3.tab"),
  "spt/lang_distribution": rawPath(SPT_REPO.repo, SPT_REPO.commit, "Data/lang_distribution.xlsx"),
  "spt/sib-200_labels": rawPath(SPT_REPO.repo, SPT_REPO.commit, "Data/sib-200_labels.xlsx"),
};
writeFileSync(
  "datasets/pins/typology.json",
  JSON.stringify(Object.fromEntries(Object.entries(typology).map(([k, p]) => [k, pin(p)])), null, 1) + "\n",
);
// MARC as UniPrompt's authors split it: train/dev per (language, k, seed); one test file per language
// (upstream every <K>-<SEED>/test.csv of a language is the same file, kept once at 16-13)
const marcBase = rawPath(UNIPROMPT_REPO.repo, UNIPROMPT_REPO.commit, "data/k-shot");
const marc: Record<string, unknown> = {};
for (const lang of MARC_LANGUAGES) {
  for (const k of MARC_SHOTS.k) {
    for (const seed of MARC_SHOTS.seeds) {
      for (const split of ["train", "dev"] as const) {
        marc[marcShotsKey(lang, k, seed, split)] = pin(`${marcBase}/amazon-review-${lang}/${k}-${seed}/${split}.csv`);
      }
    }
  }
  marc[`${lang}/test`] = pin(`${marcBase}/amazon-review-${lang}/16-13/test.csv`);
}
writeFileSync("datasets/pins/marc.json", JSON.stringify(marc, null, 1) + "\n");
// XNLI: dev and test of every language (MESH), and the German test file with labels (SuperGLEBer)
const xnli: Record<string, unknown> = {};
for (const lang of XNLI_LANGUAGES) {
  for (const split of ["dev", "test"]) {
    xnli[`${lang}/${split}`] = pin(rawPath(MESH_REPO.repo, MESH_REPO.commit, `data/xnli/${split}-${lang}.tsv`));
  }
}
xnli["labels/test-de"] = pin(rawPath(SUPERGLEBER_REPO.repo, SUPERGLEBER_REPO.commit, "data/XGlue/NLI/test.txt"));
writeFileSync("datasets/pins/xnli.json", JSON.stringify(xnli, null, 1) + "\n");
const pawsx: Record<string, unknown> = {};
for (const lang of ["en", ...PAWSX_LANGUAGES]) {
  pawsx[`${lang}/dev`] = pin(rawPath(MESH_REPO.repo, MESH_REPO.commit, `data/pawsx/dev-${lang}.tsv`));
}
writeFileSync("datasets/pins/pawsx.json", JSON.stringify(pawsx, null, 1) + "\n");
console.log(
  `pinned ${langs.length} SIB-200 languages (${Object.keys(sib).length} files), XPE meta.csv, ${
    Object.keys(typology).length
  } typology files, ${Object.keys(marc).length} MARC files, ${Object.keys(xnli).length} XNLI files and ${
    Object.keys(pawsx).length
  } PAWS-X files`,
);
