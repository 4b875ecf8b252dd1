// A split manifest: one sha256 that names exactly which examples a cell drew
// from one split of one language, so two runs can tell whether they trained
// and evaluated on the same data (bench compare refuses to pair cells whose
// manifests differ). An example is named by its id as its loader gives it
// (SIB-200: the file's index_id; MARC: the review id; XNLI: the
// split's prefix and the row's index in the file) together with the sha256
// of the files it came from, since a row index means nothing without its file
// and a data revision may keep the ids but change the text.
import { createHash } from "node:crypto";
import { canonicalJson } from "../core/canonical.ts";
import type { Example } from "./example.ts";

/** sha256 (hex) of the canonical JSON { files: file key -> sha256, ids: the examples' ids in the order drawn }. */
export function splitManifest(examples: readonly Example[], files: Record<string, string>): string {
  // the draw's order is part of it: the same examples in another order train another model
  return createHash("sha256").update(canonicalJson({ files, ids: examples.map((e) => e.id) })).digest("hex");
}
