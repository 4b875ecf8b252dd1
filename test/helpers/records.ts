// Synthetic result records in the real record format, for tests of the
// commands that read results folders (compare, leaderboard): a plan's cells
// with accuracies the test chooses, written with the results store; and
// record files damaged or edited in the ways a store must catch (BAD_RECORDS).
import { readFileSync, writeFileSync } from "node:fs";
import type { Plan } from "../../plan/plan.ts";
import type { Cell, ResultRecord } from "../../core/record.ts";
import { ResultsStore } from "../../run/store.ts";

/** Test examples per target language (SIB-200's test split has 204). */
export const TEST_N = 204;

export interface FakeRunOptions {
  commit?: string;
  backend?: string;
  /** Round accuracies to correct / TEST_N, as real ones are (default true). */
  quantize?: boolean;
  /** The record's split manifests (default: none, as records written before they were kept). */
  manifest?: (cell: Cell) => ResultRecord["manifest"];
}

/** One cell's record: accuracy (a fraction) per target language from acc(cell, language). */
export function fakeRecord(
  cell: Cell,
  acc: (cell: Cell, lang: string) => number,
  o: FakeRunOptions = {},
): ResultRecord {
  const metrics = Object.fromEntries(
    cell.config.targets.map((lang) => {
      const a = acc(cell, lang);
      const correct = Math.round(a * TEST_N);
      const accuracy = o.quantize === false ? a : correct / TEST_N;
      // predictions consistent with the accuracy: class 0 is the gold class of the first `correct` examples
      const classCounts = [TEST_N, 0, 0, 0, 0, 0, 0];
      return [lang, {
        accuracy,
        n: TEST_N,
        predictions: Array.from({ length: TEST_N }, (_, i) => (i < correct ? 0 : 1)),
        classCounts,
      }];
    }),
  );
  return {
    schema: 1,
    cellId: cell.id,
    config: cell.config,
    metrics,
    training: {
      steps: 140,
      bestStep: 133,
      bestDevAccuracy: 0.5,
      trainExamples: 56,
      devExamples: 14,
      curve: [{ step: 7, loss: 1.9, devAccuracy: 0.3 }],
    },
    trainableParameters: 1280,
    backboneParameters: 2_900_000,
    ...(o.manifest ? { manifest: o.manifest(cell) } : {}),
    timings: { loadSeconds: 1, trainSeconds: 30, evalSeconds: 5, totalSeconds: 36 },
    provenance: {
      gitCommit: o.commit ?? "0123456789abcdef0123456789abcdef01234567",
      gitDirty: false,
      runtime: "bun 1.3.0",
      platform: "linux x64",
      libraries: { "@tensorflow/tfjs-core": "4.22.0" },
      backend: o.backend ?? "wasm",
      dataFiles: {},
      modelDir: "models/embedded/xlt-embedded-mini-v4",
      modelWeightsSha256: {},
    },
    finishedAt: "2025-01-01T00:00:00.000Z",
  };
}

/** Write a record for each of the plan's cells (that `only` keeps) into a results folder. */
export function writeRun(
  dir: string,
  plan: Plan,
  acc: (cell: Cell, lang: string) => number,
  o: FakeRunOptions & { only?: (cell: Cell) => boolean } = {},
): string {
  const store = new ResultsStore(dir);
  for (const cell of plan.cells) if (!o.only || o.only(cell)) store.write(fakeRecord(cell, acc, o));
  return dir;
}

/** A small deterministic noise in [-1, 1] per (seed, salt), so runs differ a little seed by seed. */
export function noise(seed: number, salt = 0): number {
  const x = Math.sin(seed * 12.9898 + salt * 78.233) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

/**
 * Record files that hold no whole record of their cell, as a damaged disk or a hand edit leaves them: each
 * planted over `cell`'s record in a folder that holds the records of `cell` and `other` (another cell), and a
 * part of the message that names what is wrong (after the file's path).
 */
export const BAD_RECORDS: {
  name: string;
  plant: (store: ResultsStore, cell: Cell, other: Cell) => void;
  says: (cell: Cell, other: Cell) => string;
}[] = [
  {
    name: "null",
    plant: (s, c) => writeFileSync(s.path(c.id), "null"),
    says: () => "incomplete result record ((root): expected an object, got null)",
  },
  {
    name: "only its cellId",
    plant: (s, c) => writeFileSync(s.path(c.id), JSON.stringify({ cellId: c.id })),
    says: () => "incomplete result record (schema: missing)",
  },
  {
    name: "a required field of the wrong type (an accuracy as a string)",
    plant: (s, c) => {
      const r = JSON.parse(readFileSync(s.path(c.id), "utf8")), lang = c.config.targets[0];
      r.metrics[lang].accuracy = String(r.metrics[lang].accuracy);
      writeFileSync(s.path(c.id), JSON.stringify(r));
    },
    says: (c) => `incomplete result record (metrics.${c.config.targets[0]}.accuracy: expected a number, got "`,
  },
  {
    name: "a target's result missing",
    plant: (s, c) => {
      const r = JSON.parse(readFileSync(s.path(c.id), "utf8"));
      delete r.metrics[c.config.targets[0]];
      writeFileSync(s.path(c.id), JSON.stringify(r));
    },
    says: (c) => `incomplete result record (metrics: no result for target ${c.config.targets[0]})`,
  },
  {
    name: "another cell's record, its cellId edited to this one's",
    plant: (s, c, o) =>
      writeFileSync(s.path(c.id), JSON.stringify({ ...JSON.parse(readFileSync(s.path(o.id), "utf8")), cellId: c.id })),
    says: (c, o) => `record's config is that of cell ${o.id}, not ${c.id}`,
  },
];
