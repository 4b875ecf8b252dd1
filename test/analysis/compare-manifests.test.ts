// bench compare refuses to pair cells that drew different examples in A and B (split manifests), and pairs
// records without manifests as before, saying so once. Two results folders of the SPT fixture's smoke profile.
import { describe, expect, test } from "bun:test";
import { collectRun } from "../../analysis/collect.ts";
import { checkManifests, manifestMismatches } from "../../analysis/compare-manifests.ts";
import { UsageError } from "../../core/errors.ts";
import { planSpec } from "../../plan/plan.ts";
import type { Cell } from "../../core/record.ts";

import { tempDir } from "../helpers/mirror.ts";
import { fixtureSpec, flatLanguages } from "../helpers/specs.ts";
import { writeRun } from "../helpers/records.ts";

const spec = fixtureSpec("fixture-spt");
const langs = flatLanguages();
const plan = planSpec(spec, langs, { profile: "smoke", seeds: [1, 2] });
const hash = (s: string) => s.repeat(64 / s.length);
/** The same manifest for every cell, but `changed` on the cells `where` picks. */
const manifest = (where: (c: Cell) => boolean, changed: Partial<Record<"train" | "eval", string>>) => (c: Cell) => ({
  train: Object.fromEntries(c.config.sources.map((l) => [l, where(c) && changed.train ? changed.train : hash("a")])),
  dev: Object.fromEntries(c.config.sources.map((l) => [l, hash("b")])),
  eval: Object.fromEntries(
    c.config.targets.map((l, i) => [l, where(c) && i === 0 && changed.eval ? changed.eval : hash("c")]),
  ),
});
const run = async (m?: (c: Cell) => ReturnType<ReturnType<typeof manifest>>) =>
  await collectRun(
    writeRun(tempDir(), plan, () => 0.5, m ? { manifest: m } : {}),
    [spec],
    langs,
    { fetch: { mirrors: [], cacheDir: tempDir() } },
  );
const never = () => false;

describe("split manifests in bench compare", () => {
  test("the same manifests on both sides: compared, nothing to say", async () => {
    const [a, b] = [await run(manifest(never, {})), await run(manifest(never, {}))];
    expect(manifestMismatches(a, b)).toEqual({ mismatches: [], paired: plan.cells.length, without: 0 });
    expect(checkManifests(a, b)).toBeNull();
  });

  test("one cell's training draw differs: refused as bad input, naming the cell, its row, the split and both hashes", async () => {
    const target = plan.cells.find((c) => c.row.method === "spt-nomf" && c.config.seed === 2)!;
    const a = await run(manifest(never, {}));
    const b = await run(manifest((c) => c.id === target.id, { train: hash("e") }));
    let err: unknown;
    try {
      checkManifests(a, b);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    const msg = (err as Error).message;
    expect(msg).toStartWith("compare: 1 cell(s) drew different examples in A (");
    const src = target.config.sources[0];
    expect(msg).toContain(
      `  cell ${target.id}, fixture-spt (smoke) row "${target.row.label}"${
        target.row.k !== undefined ? ` k=${target.row.k}` : ""
      } seed 2: train split of source ${src}: A ${hash("a")}, B ${hash("e")}`,
    );
    expect(msg.split("\n")).toHaveLength(1 + target.config.sources.length);
  });

  test("an evaluation set that differs is named by its target", async () => {
    const target = plan.cells[0];
    const b = await run(manifest((c) => c.id === target.id, { eval: hash("f") }));
    const { mismatches } = manifestMismatches(await run(manifest(never, {})), b);
    expect(mismatches.map((m) => [m.cellId, m.split, m.lang, m.b])).toEqual([
      [target.id, "eval", target.config.targets[0], hash("f")],
    ]);
  });

  test("records without a manifest (older records) are paired as before, and the note says so once", async () => {
    const [a, b] = [await run(), await run(manifest(never, {}))];
    expect(checkManifests(a, b)).toBe(
      `${plan.cells.length} of the ${plan.cells.length} cell(s) in both runs have no split manifest on a side (records written before manifests were kept): paired without checking that they drew the same examples`,
    );
  });
});
