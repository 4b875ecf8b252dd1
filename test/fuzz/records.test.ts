// Seeded mutations of result records, read back through the results store as
// every command reads them: a mutation either leaves a whole record of its
// cell, or gives a RecordError naming the file; never another error. Those
// that cannot leave a whole record (a required field removed or of another
// type, the config changed under its id, bytes cut off) must be refused.
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { Rng } from "../../core/rng.ts";
import { planSpec } from "../../plan/plan.ts";
import { RecordError, ResultsStore } from "../../run/store.ts";
import { removeTempDirs, tempDir } from "../helpers/mirror.ts";
import { fakeRecord } from "../helpers/records.ts";
import { fixtureSpec, syntheticLanguages } from "../helpers/specs.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const ROUNDS = Number(process.env.FUZZ_RECORDS ?? 300);
afterAll(removeTempDirs);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every value's parent, key and dotted path. */
function places(doc: Json, path = ""): { parent: Record<string, Json>; key: string; path: string }[] {
  if (doc === null || typeof doc !== "object") return [];
  return Object.entries(doc).flatMap(([k, v]) => {
    const p = path ? `${path}.${k}` : k;
    return [{ parent: doc as Record<string, Json>, key: k, path: p }, ...places(v, p)];
  });
}

// fields a record may lack (records written before they were kept, or not applying)
const OPTIONAL = /^(metrics\.[^.]+\.classCounts|provenance\.(adapter|plugin|narrowedFrom)(\..*)?)$/;

describe("fuzzed records", () => {
  test(`${ROUNDS} seeded mutations of real-shaped records (seed ${SEED}): a whole record or a RecordError naming the file`, () => {
    const plan = planSpec(fixtureSpec("fixture-spt"), syntheticLanguages(), { profile: "smoke" });
    const store = new ResultsStore(tempDir("xlt-fuzz-records-"));
    const rng = new Rng(SEED);
    const escapes: string[] = [];
    const tally: Record<string, { tried: number; refused: number }> = {};
    for (let i = 0; i < ROUNDS; i++) {
      const cell = plan.cells[rng.int(plan.cells.length)];
      const file = store.write(fakeRecord(cell, () => 0.5));
      const text = readFileSync(file, "utf8");
      const doc = JSON.parse(text) as Record<string, Json>;
      const all = places(doc);
      const p = all[rng.int(all.length)];
      const kind = ["removed", "retyped", "null", "cut", "garbage"][rng.int(5)];
      // a cut or garbled file, a required field gone or retyped, any change to the config (its hash is the id)
      let mustFail = kind === "cut" || kind === "garbage" || /^config(\.|$)/.test(p.path);
      if (kind === "removed") {
        delete p.parent[p.key];
        mustFail ||= !OPTIONAL.test(p.path);
      } else if (kind === "retyped") {
        const v = p.parent[p.key];
        p.parent[p.key] = typeof v === "string" ? 7 : typeof v === "number" ? "7" : v === null ? "x" : null;
        mustFail ||= v !== null && !OPTIONAL.test(p.path);
      } else if (kind === "null") {
        p.parent[p.key] = null; // nullable fields (gitCommit, gitDirty) may take it
      }
      const out = kind === "cut"
        ? text.slice(0, rng.int(text.length - 1))
        : kind === "garbage"
        ? "\u0000\u00ff" + text
        : JSON.stringify(doc);
      writeFileSync(file, out);
      const t = (tally[kind] ??= { tried: 0, refused: 0 });
      t.tried++;
      try {
        store.read(cell.id);
        if (mustFail) escapes.push(`${kind} ${p.path}: accepted`);
      } catch (e) {
        if (!(e instanceof RecordError)) {
          escapes.push(`${kind} ${p.path}: ${(e as Error).name}: ${(e as Error).message}`);
          continue;
        }
        t.refused++;
        if (!e.message.startsWith(file)) escapes.push(`${kind} ${p.path}: the message does not name the file`);
      }
    }
    console.log(
      `fuzzed records: ${ROUNDS} mutations (seed ${SEED}): ${
        Object.entries(tally).map(([k, c]) => `${k} ${c.refused}/${c.tried} refused`).join(", ")
      }`,
    );
    expect(escapes).toEqual([]);
  });
});
