#!/usr/bin/env bun
// Writes datasets/pins/*.json: the sha256 and size of every pinned source file,
// read from a folder in raw-GitHub layout (a mirror). Run after checking the
// mirror against upstream; the pins are then the contract for every download.
//   bun scripts/pin-sources.ts <mirror-root>
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SIB200, XPE_REPO } from "../datasets/sources.ts";

const root = process.argv[2];
if (!root || !existsSync(root)) {
  console.error("usage: bun scripts/pin-sources.ts <mirror-root>  (folder laid out as <owner>/<repo>/<commit>/<path>)");
  process.exit(2);
}
const pin = (path: string) => {
  const bytes = readFileSync(join(root, path));
  return { path, sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length };
};

const base = `${SIB200.repo}/${SIB200.commit}/data/annotated`;
const langs = readdirSync(join(root, base), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const sib: Record<string, unknown> = {};
for (const lang of langs) for (const split of ["train", "dev", "test"]) sib[`${lang}/${split}`] = pin(`${base}/${lang}/${split}.tsv`);
writeFileSync("datasets/pins/sib200.json", JSON.stringify(sib, null, 1) + "\n");

const meta = pin(`${XPE_REPO.repo}/${XPE_REPO.commit}/${XPE_REPO.metaPath}`);
writeFileSync("datasets/pins/xpe-meta.json", JSON.stringify(meta, null, 1) + "\n");
console.log(`pinned ${langs.length} SIB-200 languages (${Object.keys(sib).length} files) and XPE meta.csv`);
