// A results folder with a record file that holds no whole record of its cell
// is bad input to `bench compare` and `bench leaderboard` (analysis/collect.ts):
// a usage error that names the file and what is wrong, as an unreadable record
// is, never a crash or a table filled from another cell's numbers.
import { describe, expect, test } from "bun:test";
import { collectRun } from "../../analysis/collect.ts";
import { UsageError } from "../../core/errors.ts";
import { planSpec } from "../../plan/plan.ts";
import { ResultsStore } from "../../run/store.ts";
import { tempDir } from "../helpers/mirror.ts";
import { BAD_RECORDS, writeRun } from "../helpers/records.ts";
import { fixtureSpec, syntheticLanguages } from "../helpers/specs.ts";

const spec = fixtureSpec("fixture-spt");
const langs = syntheticLanguages();

describe("collecting a folder with a bad record", () => {
  for (const bad of BAD_RECORDS) {
    test(`${bad.name}: a usage error naming the file and what is wrong`, async () => {
      const plan = planSpec(spec, langs, { profile: "smoke" });
      const store = new ResultsStore(writeRun(tempDir(), plan, () => 0.5));
      const [cell, other] = plan.cells;
      bad.plant(store, cell, other);
      const run = collectRun(store.dir, [spec], langs, { fetch: { mirrors: [], cacheDir: tempDir() } });
      await expect(run).rejects.toBeInstanceOf(UsageError);
      await expect(run).rejects.toThrow(`${store.path(cell.id)}: ${bad.says(cell, other)}`);
    });
  }
});
