// CONTRIBUTING.md's four recipes, each applied to a copy of the tree as the page
// says, its code blocks read from the page (so that the page and the code
// cannot drift apart), then checked as a user would: typecheck, what git shows
// changed, the command line on the result. The runs that need SIB-200 or the
// language table use the shared mirror and are skipped without it; the rest
// (typecheck, diffs, the backbone architecture) run everywhere.
import { afterAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import type { ResultRecord } from "../../core/record.ts";
import { loadLanguages } from "../../datasets/languages.ts";
import { planSpec } from "../../plan/plan.ts";
import { loadSpecFile } from "../../plan/spec-schema.ts";
import { readRecords } from "../helpers/cli.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";
import { type DocBlock, recipeBlocks, sh, TreeCopy } from "../helpers/recipes.ts";

const CACHE = tempDir("xlt-recipes-cache-");
const DATA_ENV = { XLT_DATA_MIRRORS: MIRROR, XLT_CACHE_DIR: CACHE };
const SPT_TABLE4 = JSON.parse(readFileSync(join(PROJECT_ROOT, "specs", "spt-table4.json"), "utf8"));
const EMBEDDED = join(PROJECT_ROOT, "models", "embedded", "xlt-embedded-mini-v4");

/** The recipe's blocks of each kind and file, in page order; a missing one fails with the recipe's name. */
function blocks(recipe: string) {
  const all = recipeBlocks(recipe);
  const one = (kind: DocBlock["kind"], path?: string): DocBlock => {
    const found = all.filter((b) => b.kind === kind && (path === undefined || b.path === path));
    if (found.length !== 1) {
      throw new Error(
        `CONTRIBUTING.md, "${recipe}": ${found.length} ${kind} blocks${path ? ` for ${path}` : ""}, expected one`,
      );
    }
    return found[0];
  };
  return { all, one };
}

/** `bun run typecheck` in a copy passes (its output in the message when it does not). */
function typechecks(tree: TreeCopy): void {
  const r = tree.bun(["run", "typecheck"]);
  expect(r.code, r.out).toBe(0);
}

/** A one-seed smoke spec from SPT Table 4's smoke profile (the embedded backbone), with its own id, rows and data. */
function smokeSpec(
  id: string,
  over: Record<string, unknown>,
  smoke: Record<string, unknown>,
  training: Record<string, unknown>,
): Record<string, unknown> {
  const { $schema: _, main: _m, golden: _g, ...spec } = SPT_TABLE4;
  const base = SPT_TABLE4.profiles.smoke;
  return {
    ...spec,
    id,
    table: id,
    ...over,
    profiles: {
      smoke: {
        description: base.description,
        backbones: base.backbones,
        seeds: [1],
        ...smoke,
        training: { ...base.training, epochs: undefined, ...training },
      },
    },
  };
}

/** Write specs into a fresh folder for XLT_SPECS_DIR. */
function specsDir(...specs: Record<string, unknown>[]): string {
  const dir = tempDir("xlt-recipes-specs-");
  for (const s of specs) writeFileSync(join(dir, `${s.id}.json`), JSON.stringify(s, null, 2));
  return dir;
}

/** Run a spec's smoke profile with one seed in a copy; its one record. */
function runOne(tree: TreeCopy, id: string, env: Record<string, string>, extra: string[] = []): ResultRecord {
  const results = tempDir("xlt-recipes-results-");
  const r = tree.bun(["cli/main.ts", id, "--seeds", "1", "--jobs", "1", "--results", results, ...extra], env, 300_000);
  expect(r.code, r.out).toBe(0);
  const records = [...readRecords(results).values()];
  expect(records, r.out).toHaveLength(1);
  return records[0];
}

function listed(
  tree: TreeCopy,
  env: Record<string, string> = {},
): { id: string; paper: string; table: string; profiles: string[] }[] {
  const r = tree.bun(["cli/main.ts", "list", "--json"], env);
  expect(r.code, r.out).toBe(0);
  return JSON.parse(r.out.slice(r.out.indexOf("[")));
}

if (!HAS_MIRROR) {
  console.warn(
    "[recipes] no shared mirror: the recipes' runs on SIB-200 and the new dataset's run are skipped (typecheck, diffs and the architecture recipe still run)",
  );
}

describe("recipe: add a method", () => {
  const { one } = blocks("Add a method");
  const file = one("file");
  const line = one("add");
  const row = JSON.parse(one("row").code);
  let tree: TreeCopy;
  afterAll(() => tree?.remove(), 60_000);

  test("one new file and one registry line, and the tree typechecks", () => {
    tree = new TreeCopy("xlt-recipe-method-");
    expect(file.path).toMatch(/^methods\/\w[\w-]*\.ts$/);
    expect(line.path).toBe("methods/builtin.ts");
    expect(line.code.trimEnd().split("\n")).toHaveLength(1);
    tree.apply(file);
    tree.apply(line);
    expect(tree.changes()).toEqual({
      added: [file.path!],
      modified: { "methods/builtin.ts": { added: 1, removed: 0 } },
    });
    typechecks(tree);
  }, 180_000);

  test.skipIf(!HAS_MIRROR)(
    "its spec row runs in a one-seed smoke spec on SIB-200: a record with the probe's accuracy per target (uses the shared mirror)",
    () => {
      expect(tree, "the recipe was applied").toBeDefined();
      const spec = smokeSpec("recipe-method", { methods: [row], targets: { languages: ["eng_Latn", "deu_Latn"] } }, {
        testPerClass: 2,
      }, { maxSteps: 14, evalEvery: 7 });
      const rec = runOne(tree, "recipe-method", { ...DATA_ENV, XLT_SPECS_DIR: specsDir(spec) });
      expect(rec.config.method).toMatchObject({ id: row.id, method: row.method, params: row.params });
      expect(rec.training.steps).toBe(14);
      for (const lang of ["eng_Latn", "deu_Latn"]) {
        expect(rec.metrics[lang].n).toBe(14); // 2 per class, 7 classes
        expect(rec.metrics[lang].accuracy).toBeGreaterThanOrEqual(0);
        expect(rec.metrics[lang].accuracy).toBeLessThanOrEqual(1);
      }
      // only the head trains: dense d x d and projection d x C with biases, d = 128, C = 7
      expect(rec.trainableParameters).toBe(128 * 128 + 128 + 128 * 7 + 7);
    },
    300_000,
  );
});

describe("recipe: add a dataset", () => {
  const { one } = blocks("Add a dataset");
  const file = one("file");
  const line = one("add");
  // what the module says of itself: its files' repository and commit, labels, languages and id
  const source = /source: \{ repo: "([^"]+)", commit: "([0-9a-f]{40})"/.exec(file.code);
  const labels: string[] = JSON.parse(/_LABELS = (\[[^\]]*\])/.exec(file.code)?.[1] ?? "null");
  const languages: string[] = JSON.parse(/languages: (\[[^\]]*\])/.exec(file.code)?.[1] ?? "null");
  const id = /id: "([^"]+)"/.exec(file.code)?.[1];
  const pinsFile = /new URL\("\.\/(pins\/[\w-]+\.json)"/.exec(file.code)?.[1];
  const mirror = tempDir("xlt-recipes-mirror-");
  let tree: TreeCopy;
  afterAll(() => tree?.remove(), 60_000);

  test("files in a mirror, their pins, the module and one registry line: the tree typechecks", () => {
    expect(
      [source, labels, languages, id, pinsFile].every((x) => x),
      "the template names its source, labels, languages, id and pins file",
    ).toBe(true);
    tree = new TreeCopy("xlt-recipe-dataset-");
    // a few sentences per class, language and split, in the pins' raw-GitHub layout
    const pins: Record<string, { path: string; sha256: string; bytes: number }> = {};
    const perClass = { train: 4, dev: 2, test: 3 };
    for (const lang of languages) {
      for (const [split, n] of Object.entries(perClass)) {
        const rows = labels.flatMap((label) =>
          Array.from(
            { length: n },
            (_, i) => `${label}\t${lang} ${split} ${i}: a short report on ${label}, number ${i + 1}.`,
          )
        );
        const text = ["label\ttext", ...rows].join("\n") + "\n";
        const path = `${source![1]}/${source![2]}/data/${lang}/${split}.tsv`;
        mkdirSync(join(mirror, path, ".."), { recursive: true });
        writeFileSync(join(mirror, path), text);
        pins[`${lang}/${split}`] = {
          path,
          sha256: createHash("sha256").update(text).digest("hex"),
          bytes: Buffer.byteLength(text),
        };
      }
    }
    tree.write(`datasets/${pinsFile}`, JSON.stringify(pins, null, 1) + "\n");
    tree.apply(file);
    tree.apply(line);
    expect(line.path).toBe("datasets/builtin.ts");
    expect(tree.changes()).toEqual({
      added: [file.path!, `datasets/${pinsFile}`].sort(),
      modified: { "datasets/builtin.ts": { added: 1, removed: 0 } },
    });
    typechecks(tree);
  }, 180_000);

  test.skipIf(!HAS_MIRROR)(
    "a one-seed smoke spec over it runs one cell: accuracy per target, the pinned files in the provenance (uses the shared mirror's language table)",
    () => {
      expect(tree, "the recipe was applied").toBeDefined();
      const [src, ...targets] = ["en", ...languages.filter((l) => l !== "en").slice(0, 1)];
      const spec = smokeSpec(
        "recipe-dataset",
        {
          dataset: id,
          task: { setting: "few-shot", sources: { languages: [src] }, trainShots: 4, devShots: 2 },
          targets: { languages: [src, ...targets] },
          methods: [SPT_TABLE4.methods[0]],
          labelWords: labels,
        },
        {},
        { batchSize: 4, maxSteps: 6, evalEvery: 3 },
      );
      const rec = runOne(tree, "recipe-dataset", {
        ...DATA_ENV,
        XLT_DATA_MIRRORS: `${mirror},${MIRROR}`,
        XLT_SPECS_DIR: specsDir(spec),
      });
      expect(rec.config.dataset).toMatchObject({ name: expect.any(String) });
      expect(rec.training.trainExamples).toBe(4 * labels.length);
      for (const lang of [src, ...targets]) {
        expect(rec.metrics[lang].n).toBe(3 * labels.length);
        expect(rec.metrics[lang].accuracy).toBeGreaterThanOrEqual(0);
        expect(rec.metrics[lang].accuracy).toBeLessThanOrEqual(1);
      }
      const pins = JSON.parse(tree.read(`datasets/${pinsFile}`));
      const read = Object.values(rec.provenance.dataFiles);
      for (const key of [`${src}/train`, `${src}/dev`, ...targets.map((l) => `${l}/test`)]) {
        expect(read).toContain(pins[key].sha256);
      }
    },
    300_000,
  );
});

describe("recipe: add a table (spec)", () => {
  const { one } = blocks("Add a table (spec)");
  const file = one("file");
  const spec = JSON.parse(file.code);
  let tree: TreeCopy;
  afterAll(() => tree?.remove(), 60_000);

  test("the spec file is listed (loading checks it against the checkers and the registries)", () => {
    expect(file.path).toBe(`specs/${spec.id}.json`);
    tree = new TreeCopy("xlt-recipe-table-");
    tree.apply(file);
    expect(tree.changes()).toEqual({ added: [file.path!], modified: {} });
    const row = listed(tree).find((s) => s.id === spec.id);
    expect(row).toEqual(
      {
        id: spec.id,
        paper: spec.paper,
        table: spec.table,
        title: spec.title,
        profiles: Object.keys(spec.profiles),
      } as never,
    );
  }, 120_000);

  test.skipIf(!HAS_MIRROR)(
    "it runs with one seed and one target, sharing SPT Table 4's cell for the same row (uses the shared mirror)",
    async () => {
      expect(tree, "the recipe was applied").toBeDefined();
      const rec = runOne(tree, spec.id, DATA_ENV, ["--langs", "deu_Latn"]);
      expect(rec.config.method.id).toBe(spec.methods[0].id);
      expect(rec.metrics.deu_Latn.n).toBe(204);
      const langs = await loadLanguages({ mirrors: [MIRROR], cacheDir: CACHE });
      const table4 = planSpec(loadSpecFile(join(PROJECT_ROOT, "specs", "spt-table4.json")), langs, {
        profile: "smoke",
        seeds: [1],
        langs: ["deu_Latn"],
      });
      expect(table4.cells.map((c) => c.id)).toContain(rec.cellId);
    },
    300_000,
  );
});

describe("recipe: add a backbone architecture", () => {
  const { all, one } = blocks("Add a backbone architecture");
  const ids = one("replace", "core/architectures.ts");
  const def = one("add", "models/architectures.ts");
  const arch = /id: "([\w-]+)"/.exec(def.code)?.[1] ?? "";
  const hfClass = /hfClass: "(\w+)"/.exec(def.code)?.[1] ?? "";
  let tree: TreeCopy;
  afterAll(() => tree?.remove(), 60_000);

  test(
    "the id in core's list, the definition in ARCHITECTURE_DEFS, the schema regenerated: typecheck and the schema check pass",
    () => {
      expect([arch, hfClass].every(Boolean), "the definition names its id and transformers class").toBe(true);
      expect(def.inside).toBe("ARCHITECTURE_DEFS");
      expect(all.map((b) => b.path)).toEqual(["core/architectures.ts", "models/architectures.ts"]);
      tree = new TreeCopy("xlt-recipe-arch-");
      tree.apply(ids);
      tree.apply(def);
      expect(tree.bun(["run", "schema", "--check"]).code, "the schema is stale until regenerated").toBe(1);
      const regen = tree.bun(["run", "schema"]);
      expect(regen.code, regen.out).toBe(0);
      const check = tree.bun(["run", "schema", "--check"]);
      expect(check.code, check.out).toBe(0);
      expect(tree.read("specs/spec.schema.json")).toContain(`"${arch}"`);
      expect(Object.keys(tree.changes().modified).sort()).toEqual([
        "core/architectures.ts",
        "models/architectures.ts",
        "specs/spec.schema.json",
      ]);
      expect(tree.changes().added).toEqual([]);
      typechecks(tree);
      // a spec's Hub backbone may now name it
      const spec = structuredClone(SPT_TABLE4);
      spec.profiles.paper.backbones[0].backbone.architecture = arch;
      const specs = specsDir(spec);
      expect(listed(tree, { XLT_SPECS_DIR: specs }).map((s) => s.id)).toContain(spec.id);
      expect(
        sh(process.execPath, ["cli/main.ts", "list"], PROJECT_ROOT, { ...process.env, XLT_SPECS_DIR: specs }).code,
        "the tree without the recipe refuses it",
      ).not.toBe(0);
    },
    180_000,
  );

  /** The embedded backbone copied as a checkpoint whose config.json names the new architecture. */
  const checkpoint = () => {
    const dir = join(tempDir("xlt-recipes-ckpt-"), arch);
    cpSync(EMBEDDED, dir, { recursive: true });
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    writeFileSync(
      join(dir, "config.json"),
      JSON.stringify({ ...config, model_type: arch, architectures: [hfClass] }, null, 2),
    );
    return dir;
  };
  const json = (out: string) => JSON.parse(out.slice(out.indexOf("{"), out.lastIndexOf("}") + 1));

  test(
    "its definition loads a checkpoint whose config.json says its model_type, with the embedded backbone's numbers",
    () => {
      expect(tree, "the recipe was applied").toBeDefined();
      const dir = checkpoint();
      // models/pretrained.ts's loadModel: architectureFor(model_type), then the definition's parseConfig and fromTensors
      const script = join(tempDir("xlt-recipes-script-"), "load.ts");
      writeFileSync(
        script,
        `const [root, dir] = process.argv.slice(2);
const { initBackend, tf } = await import(root + "/models/backend.ts");
const { loadModel } = await import(root + "/models/pretrained.ts");
await initBackend();
const { model, architecture } = loadModel(dir);
const h = model.encodeIds([[0, 5, 6, 2]], [[1, 1, 1, 1]]);
console.log(JSON.stringify({ architecture, hidden: Array.from(h.dataSync()), logits: Array.from(model.lmLogits(tf.reshape(h, [4, model.hidden])).dataSync().slice(0, 64)) }));
`,
      );
      const load = (root: string, d: string) => sh(process.execPath, [script, root, d], root);
      const ref = load(tree.root, EMBEDDED);
      const got = load(tree.root, dir);
      expect(ref.code, ref.out).toBe(0);
      expect(got.code, got.out).toBe(0);
      const { architecture: refArch, ...refNumbers } = json(ref.out);
      const { architecture: gotArch, ...gotNumbers } = json(got.out);
      expect([refArch, gotArch]).toEqual(["XLMRobertaForMaskedLM", hfClass]);
      expect(gotNumbers).toEqual(refNumbers);
      const without = load(PROJECT_ROOT, dir);
      expect(without.code, "the tree without the recipe refuses the checkpoint").not.toBe(0);
      expect(without.out).toContain(`model_type "${arch}" is not supported`);
    },
    120_000,
  );

  // loadCheckpoint (models/pretrained.ts), which `bench model` and every cell use, loads through the definition too
  test("bench model on that checkpoint: the embedded backbone's output", () => {
    expect(tree, "the recipe was applied").toBeDefined();
    const dir = checkpoint();
    const inspect = (d: string) =>
      sh(process.execPath, ["cli/main.ts", "model", d, "--ids", "0,5,6,2", "--top", "3", "--json"], tree.root);
    const ref = inspect(EMBEDDED);
    expect(ref.code, ref.out).toBe(0);
    const got = inspect(dir);
    expect(got.code, got.out).toBe(0);
    const { model: _a, architecture: refArch, ...refNumbers } = json(ref.out);
    const { model: _b, architecture: gotArch, ...gotNumbers } = json(got.out);
    expect([refArch, gotArch]).toEqual(["XLMRobertaForMaskedLM", hfClass]);
    expect(gotNumbers).toEqual(refNumbers);
  }, 120_000);
});
