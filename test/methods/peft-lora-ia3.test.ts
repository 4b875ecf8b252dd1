// LoRA and (IA)³ (methods/lora.ts, methods/ia3.ts) on the tiny checkpoint: each
// has method-properties.ts's properties (exactly its own parameters and the
// head, their count the papers' formula plus the head; gradients; the backbone
// left bit for bit; no leak; seeds; it starts as the frozen model with
// fine-tuning's head), and LoRA's merged weights give the hooked model's
// logits. The counts on XLM-R base's shape are checked on a weightless stand-in
// of that shape (the methods read only its config).
import { beforeAll, expect, test } from "bun:test";
import { initBackend } from "../../models/backend.ts";
import { PROJECTIONS } from "../../models/hooks.ts";
import { loadTokenizer } from "../../models/tokenizer.ts";
import { projectionShape } from "../../methods/lora.ts";
import { trainableCount } from "../../methods/method.ts";
import { buildMethod } from "../../methods/registry.ts";
import { makeTinyModelDir } from "../helpers/tiny-model.ts";
import { build, context, xlmrBaseStandIn } from "./helpers.ts";
import { expectLoraMerge, methodProperties } from "./method-properties.ts";

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = makeTinyModelDir();
});

const C = 5; // the toy task's classes (helpers.ts)
const ALL_SIX = { lr: 0.05, targets: [...PROJECTIONS], r: 3, alpha: 6, dropout: 0.1 };
const CASES: Record<string, { method: string; params: Record<string, unknown> }> = {
  "lora (PEFT's defaults: query and value, r 8, alpha 8)": { method: "lora", params: { lr: 0.05 } },
  "lora (all six projections, r 3, alpha 6, dropout 0.1)": { method: "lora", params: ALL_SIX },
  ia3: { method: "ia3", params: { lr: 0.05 } },
};
const FINETUNE = { method: "finetune", params: { lr: 0.01 } };

/** The classifier head's shapes: dense d x d and its bias, projection d x C and its bias. */
const headShapes = (d: number) => [`${d}x${d}`, `${d}`, `${d}x${C}`, `${C}`];

/** The shapes each case adds beside the head, layer by layer, as the papers define them. */
function ownShapes(c: { method: string; params: Record<string, unknown> }, L: number, d: number, dFf: number) {
  if (c.method === "ia3") return Array.from({ length: L }, () => [`${d}`, `${d}`, `${dFf}`]).flat(); // l_k, l_v, l_ff
  const r = (c.params.r as number | undefined) ?? 8;
  const targets = (c.params.targets as string[] | undefined) ?? ["query", "value"];
  return Array.from({ length: L }, () =>
    targets.flatMap((t) => {
      const [i, o] = projectionShape(t as (typeof PROJECTIONS)[number], d, dFf);
      return [`${i}x${r}`, `${r}x${o}`]; // A, B
    })).flat();
}

/** The trainable count by the papers' formulas: LoRA r(d_in + d_out) per adapted matrix and layer, (IA)³ L(2d + d_ff); plus the head. */
function formula(c: { method: string; params: Record<string, unknown> }, L: number, d: number, dFf: number): number {
  const head = d * d + d + d * C + C;
  if (c.method === "ia3") return L * (2 * d + dFf) + head;
  const r = (c.params.r as number | undefined) ?? 8;
  const targets = (c.params.targets as string[] | undefined) ?? ["query", "value"];
  const perLayer = targets.reduce((n, t) => {
    const [i, o] = projectionShape(t as (typeof PROJECTIONS)[number], d, dFf);
    return n + r * (i + o);
  }, 0);
  return L * perLayer + head;
}

for (const [name, c] of Object.entries(CASES)) {
  methodProperties(name, {
    build: (seed) => build(dir, c, seed),
    trains: (model) => {
      const { hidden: d, layerCount: L } = model, dFf = model.config.intermediate_size;
      return { backbone: [], shapes: [...headShapes(d), ...ownShapes(c, L, d, dFf)], count: formula(c, L, d, dFf) };
    },
    start: { hooked: true, finetune: () => build(dir, FINETUNE) },
  });
}

test("lora: merged weights give the hooked model's logits (within 1e-5), the hook removed, merging once", async () => {
  const b = await build(dir, { method: "lora", params: ALL_SIX });
  await expectLoraMerge("lora", b);
  b.method.dispose();
  b.model.dispose();
});

test("lora: a misspelt or unknown parameter is an error naming it", async () => {
  const { model, tokenizer, method } = await build(dir, FINETUNE);
  await expect(buildMethod("lora", context(model, tokenizer, { lr: 0.01, rank: 4 }))).rejects.toThrow(/rank/);
  await expect(buildMethod("lora", context(model, tokenizer, { lr: 0.01, targets: ["dense"] }))).rejects.toThrow(
    /targets\[0\]/,
  );
  method.dispose();
  model.dispose();
});

// XLM-R base: L = 12, d = 768, d_ff = 3072, on a weightless stand-in (helpers.ts).
test.each([
  ["lora", {}, 294_912],
  ["lora", { targets: [...PROJECTIONS] }, 1_327_104],
  ["ia3", {}, 55_296],
])("%s %j on XLM-R base's shape: its own parameters as the formula counts them, plus the head", async (id, p, own) => {
  const c = { method: id, params: { lr: 0.01, ...p } };
  const method = await buildMethod(id, context(xlmrBaseStandIn(), loadTokenizer(dir), c.params));
  const head = 768 * 768 + 768 + 768 * C + C;
  expect(formula(c, 12, 768, 3072)).toBe(own + head);
  expect(trainableCount(method)).toBe(own + head);
  method.dispose();
});
