// Why a record fills no table (analysis/left-out.ts through analysis/collect.ts):
// each reason derived from the record's config against the loaded specs, on the
// fixture specs' smoke profiles with synthetic records in the real format.
import { describe, expect, test } from "bun:test";
import { collectRun } from "../../analysis/collect.ts";
import { leftOutText } from "../../analysis/left-out.ts";
import { planSpec } from "../../plan/plan.ts";
import type { Spec } from "../../core/spec.ts";

import { tempDir } from "../helpers/mirror.ts";
import { fixtureSpec, flatLanguages } from "../helpers/specs.ts";
import { writeRun } from "../helpers/records.ts";

const spt = fixtureSpec("fixture-spt");
const langs = flatLanguages();
const collect = (dir: string, specs: Spec[] = [spt]) =>
  collectRun(dir, specs, langs, { fetch: { mirrors: [], cacheDir: tempDir() } });

describe("records left out, by reason", () => {
  test("a dev-split run is left out as evaluated on the dev split", async () => {
    const dev = planSpec(spt, langs, { profile: "smoke", evalSplit: "dev" });
    const run = await collect(writeRun(tempDir(), dev, () => 0.5));
    expect(run.leftOut).toEqual([{
      reason: "dev-split",
      text: "evaluated on the dev split (--eval-split dev)",
      count: dev.cells.length,
    }]);
  });

  test("a --backbone run of a one-backbone profile is left out naming its backbone", async () => {
    const one: Spec = {
      ...spt,
      profiles: { smoke: spt.profiles.smoke },
    };
    const other = planSpec(one, langs, {
      profile: "smoke",
      backbone: { kind: "embedded", id: "some-other-model" },
    });
    const run = await collect(writeRun(tempDir(), other, () => 0.5), [one]);
    expect(run.leftOut.map((l) => [l.reason, l.count])).toEqual([["backbone", other.cells.length]]);
    expect(run.leftOut[0].text).toBe(`backbone some-other-model (a --backbone run): no profile of ${spt.id} uses it`);
  });

  test("a cell of a spec that is not loaded is left out naming its method row and dataset", async () => {
    const uni = fixtureSpec("fixture-uniprompt");
    const plan = planSpec(uni, langs, { profile: "smoke" });
    const run = await collect(writeRun(tempDir(), plan, () => 0.5, { only: (c) => c === plan.cells[0] }));
    const c = plan.cells[0].config;
    expect(run.leftOut).toEqual([{
      reason: "unplanned",
      text:
        `method row ${c.method.id} (${c.method.method}) on ${c.dataset.name}: no loaded spec plans it (its spec may be in a specs folder that was not loaded)`,
      count: 1,
    }]);
  });

  test("a cell the spec's rows have but no profile plans is left out naming the fields it differs in", async () => {
    const changed: Spec = {
      ...spt,
      profiles: {
        ...spt.profiles,
        smoke: { ...spt.profiles.smoke, testPerClass: 3, maxTrainPerLanguage: 50 },
      },
    };
    const plan = planSpec(changed, langs, { profile: "smoke" });
    const run = await collect(writeRun(tempDir(), plan, () => 0.5, { only: (c) => c === plan.cells[0] }));
    expect(run.leftOut.map((l) => l.reason)).toEqual(["other"]);
    expect(run.leftOut[0].text).toEndWith(
      `(the nearest, of ${spt.id} (smoke), differs in maxTrainPerLanguage, testPerClass)`,
    );
  });

  test("the counts add up to the records left out, and the text form names each with its count", async () => {
    const dev = planSpec(spt, langs, { profile: "smoke", evalSplit: "dev", seeds: [1] });
    const dir = writeRun(tempDir(), dev, () => 0.5);
    const uni = planSpec(fixtureSpec("fixture-uniprompt"), langs, { profile: "smoke" });
    writeRun(dir, uni, () => 0.5, { only: (c) => c === uni.cells[0] });
    const run = await collect(dir);
    expect(run.leftOut.reduce((s, l) => s + l.count, 0)).toBe(run.unplaced);
    expect(leftOutText(run.leftOut)).toStartWith(
      `${dev.cells.length} evaluated on the dev split (--eval-split dev); 1 method row `,
    );
  });
});
