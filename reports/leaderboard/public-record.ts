// A result record as the site publishes it: no local paths. The record in the
// results folder keeps them (the model folder a worker loaded, a plug-in's
// file): they say where a number came from on the machine that ran it. The
// published copy names the model by its Hub or embedded id and the plug-in by
// its file name (its sha256 stays); any other path in the provenance is made
// relative to the results folder, the checkout or ~, or cut to its file name.
// The configuration is left as it is: the cell id is its hash.
import { homedir, tmpdir } from "node:os";
import { basename, isAbsolute, sep } from "node:path";
import type { ResultRecord } from "../../core/record.ts";
import { PROJECT_ROOT } from "../../core/settings.ts";

/** The model a record's cell loaded, by the id its spec names it with. */
export function publicModel(rec: ResultRecord): string {
  const b = rec.config.backbone;
  return b.kind === "hub" ? `hub:${b.id}@${b.revision}` : `embedded:${b.id}`;
}

/** A string with every local folder in it made relative (`roots` to "", the home folder to "~"); an absolute path left over cut to its file name. */
function scrubber(roots: string[]): (s: string) => string {
  const pairs = [...roots.map((r) => [r, ""]), [homedir(), "~/"], [tmpdir(), ""]]
    .filter(([from]) => from.length > 1)
    .sort((a, b) => b[0].length - a[0].length);
  return (s) => {
    for (const [from, to] of pairs) s = s.split(from + sep).join(to);
    return isAbsolute(s) ? basename(s) : s;
  };
}

function scrubAll(v: unknown, scrub: (s: string) => string): unknown {
  if (typeof v === "string") return scrub(v);
  if (Array.isArray(v)) return v.map((x) => scrubAll(x, scrub));
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [scrub(k), scrubAll(x, scrub)]));
  }
  return v;
}

/** `rec` without the local paths of the machine that ran it or of the one building the site (its results folder `resultsDir`). */
export function publicRecord(rec: ResultRecord, resultsDir: string): ResultRecord {
  const p = rec.provenance;
  const provenance = {
    ...p,
    modelDir: publicModel(rec),
    ...(p.plugin ? { plugin: { ...p.plugin, file: basename(p.plugin.file) } } : {}),
  };
  return {
    ...rec,
    provenance: scrubAll(provenance, scrubber([resultsDir, PROJECT_ROOT])) as ResultRecord["provenance"],
  };
}
