// The paper profiles' preflight: what a host must provide, named before any cell starts.
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { planSpec } from "../../plan/plan.ts";
import { expectedBackend, preflightProblems, trainingBytes, webgpuFit, workerSlots } from "../../run/preflight.ts";
import type { WebGPUAdapter } from "../../models/webgpu.ts";
import { LanguageTable } from "../../datasets/languages.ts";
import { XLMR_BASE_SHAPE, xlmrConfigJson } from "../../models/config.ts";
import { tempDir } from "../helpers/mirror.ts";
import { fixtureSpecs, shippedSpecs } from "../helpers/specs.ts";

// the shipped specs, and the fixture specs (test/fixtures/specs/) for what lists a spec's rows
const specs = { ...shippedSpecs(), ...Object.fromEntries(fixtureSpecs().map((s) => [s.id, s])) };
const noGroups = new LanguageTable([]); // UniPrompt's specs name their languages
const fetch = { mirrors: [], cacheDir: tempDir("xlt-preflight-") };
const offline = { XLT_BACKEND: "wasm", HF_HUB_OFFLINE: "1", HF_HUB_CACHE: tempDir("xlt-hub-"), XLT_MODELS: "" };

/** Checkpoints resolve through the process environment (XLT_MODELS, the Hub cache): set it for one call. */
async function withEnv<T>(vars: Record<string, string>, f: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await f();
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  }
}
const problemsOf = (id: string, profile: string, vars: Record<string, string>) =>
  withEnv(
    vars,
    () => preflightProblems(planSpec(specs[id], noGroups, { profile }), fetch.cacheDir, fetch, () => {}, vars),
  );

/** A checkpoint folder whose weight file has XLM-R base's header (278M parameters) and no weights: enough to size it. */
function headerOnlyXlmrBase(): string {
  const dir = tempDir("xlt-xlmr-base-");
  writeFileSync(join(dir, "config.json"), JSON.stringify(xlmrConfigJson(XLMR_BASE_SHAPE)));
  const header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }> = {};
  let at = 0;
  const put = (name: string, shape: number[]) => {
    const n = shape.reduce((a, b) => a * b, 1) * 4;
    header[name] = { dtype: "F32", shape, data_offsets: [at, at + n] };
    at += n;
  };
  put("roberta.embeddings.word_embeddings.weight", [250002, 768]);
  put("roberta.embeddings.position_embeddings.weight", [514, 768]);
  put("roberta.embeddings.token_type_embeddings.weight", [1, 768]);
  put("roberta.embeddings.LayerNorm", [2 * 768]);
  put("lm_head", [768 * 768 + 3 * 768 + 250002]);
  for (let i = 0; i < 12; i++) {
    for (
      const [n, s] of [
        ["q", [768, 768]],
        ["k", [768, 768]],
        ["v", [768, 768]],
        ["o", [768, 768]],
        ["in", [3072, 768]],
        ["out", [768, 3072]],
        ["rest", [13 * 768 + 3072]],
      ] as const
    ) put(`roberta.encoder.layer.${i}.${n}`, [...s]);
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(join(dir, "model.safetensors"), Buffer.concat([len, json]));
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe("preflight of the paper profiles", () => {
  test("a missing checkpoint, the template tower's RoBERTa and the backend are all named, before any cell", async () => {
    const problems = await problemsOf("uniprompt-table3", "paper", offline);
    expect(problems.join("\n")).toContain("FacebookAI/xlm-roberta-base@main is not available");
    expect(problems.join("\n")).toContain("XLT_MODELS=FacebookAI/xlm-roberta-base=/path/to/dir");
    expect(problems.join("\n")).toContain(
      "uniprompt-table3 RoBERTa-base loads another checkpoint: backbone FacebookAI/roberta-base@main is not available",
    );
    expect(problems.join("\n")).toContain("XLT_BACKEND=tensorflow");
  });

  test("with the checkpoint there, its size decides: XLM-R base trained whole needs more than WASM's 4 GB", async () => {
    const problems = await problemsOf("fixture-uniprompt", "paper", {
      ...offline,
      XLT_MODELS: `FacebookAI/xlm-roberta-base=${headerOnlyXlmrBase()}`,
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /has 278M parameters, and training all of them \(finetune, translation-prompt, english-prompt, soft-prompt, uniprompt\) needs at least 4\.5 GB/,
    );
    expect(trainingBytes(278_000_000, 278_000_000)).toBeGreaterThan(4 * 1024 ** 3);
  });

  test("a native backend lifts the WASM limit; the backend is read without starting tfjs", async () => {
    const problems = await problemsOf("fixture-uniprompt", "paper", {
      ...offline,
      XLT_BACKEND: "tensorflow",
      XLT_MODELS: `FacebookAI/xlm-roberta-base=${headerOnlyXlmrBase()}`,
    });
    expect(problems).toEqual([]);
    expect(expectedBackend({ XLT_BACKEND: "webgpu" })).toBe("webgpu");
    expect(expectedBackend({ XLT_TFJS_NODE: "no-such-package" })).toBe("wasm");
  });

  test("the smoke profiles need nothing beyond the shipped backbones", async () => {
    for (const id of ["uniprompt-table2", "uniprompt-table5", "uniprompt-fig4"]) {
      expect(await problemsOf(id, "smoke", offline)).toEqual([]);
    }
  });
});

test("a sweep value that leaves no fusion tower is found before any cell, naming the row and value", async () => {
  const spec = structuredClone(specs["uniprompt-fig4"]);
  spec.profiles.smoke.sweepValues = [3, 4];
  const problems = await withEnv(
    offline,
    () => preflightProblems(planSpec(spec, noGroups, { profile: "smoke" }), fetch.cacheDir, fetch, () => {}, offline),
  );
  expect(problems).toEqual([
    "uniprompt-fig4 UniPrompt (towerLayers 4): uniprompt towerLayers 4 leaves no fusion tower; the backbone has 4 layers, so it must be 1..3",
  ]);
});

describe("WebGPU: the adapter's limits against the checkpoint, and one device", () => {
  const adapter = (binding: number): WebGPUAdapter => ({
    provider: "deno (wgpu)",
    featureLevel: "core",
    vendor: "",
    architecture: "",
    device: "",
    description: "test adapter",
    software: false,
    limits: {
      maxBufferSize: 4 * 1024 ** 3,
      maxStorageBufferBindingSize: binding,
      maxComputeWorkgroupStorageSize: 32768,
      maxComputeInvocationsPerWorkgroup: 1024,
    },
  });

  test("token embeddings larger than one binding are split into row blocks, so XLM-R base fits an adapter that binds 128 MiB", () => {
    expect(webgpuFit("FacebookAI/xlm-roberta-base", headerOnlyXlmrBase(), adapter(128 * 2 ** 20))).toEqual([]);
  });

  test("any other weight larger than one binding is named with its size and the adapter's limits", () => {
    const [problem, ...rest] = webgpuFit("FacebookAI/xlm-roberta-base", headerOnlyXlmrBase(), adapter(4 * 2 ** 20));
    expect(rest).toEqual([]);
    expect(problem).toContain("weight roberta.encoder.layer.0.in [3072, 768] takes 9.4 MB in float32");
    expect(problem).toContain("maxStorageBufferBindingSize 4.2 MB");
    expect(problem).toContain("test adapter");
  });

  test("cells queue for a GPU one at a time; CPU backends run one per core or as asked", () => {
    expect(workerSlots("wasm", undefined, 8)).toEqual({ jobs: 8 });
    expect(workerSlots("wasm", 3, 8)).toEqual({ jobs: 3 });
    expect(workerSlots("webgpu", undefined, 8)).toEqual({ jobs: 1 });
    expect(workerSlots("webgpu", 4, 8)).toEqual({
      jobs: 1,
      note: "backend webgpu: one device, so cells queue for it one at a time (--jobs 4 ignored)",
    });
  });
});
