// LoRA, (IA)³, BitFit, the bottleneck adapters and prefix-tuning on the tiny XGLM and BLOOM
// (peft-lora-ia3, peft-bitfit-adapter and peft-prefix check them on the tiny encoder), with
// method-properties.ts's properties: each trains exactly its parameters, as many as the
// papers' formulas count from the decoder's dimensions, plus the head; gradients reach them
// and no frozen weight; training leaves the backbone bit for bit; nothing leaks; each
// method but prefix-tuning starts as the frozen model. decoder-head.test.ts checks where the head
// reads and LoRA's merge.
import { beforeAll, describe, expect, test } from "bun:test";
import { initBackend, type tf } from "../../models/backend.ts";
import { type Projection, PROJECTIONS } from "../../models/hooks.ts";
import { adapterBottleneck } from "../../methods/adapter.ts";
import { projectionShape } from "../../methods/lora.ts";
import { TINY_BLOOM, TINY_XGLM } from "../helpers/tiny-model.ts";
import { type Arch, buildOn, type Decoder, decoderDirs } from "./helpers.ts";
import { methodProperties, type Trains } from "./method-properties.ts";

const C = 5; // helpers.ts's classes

let dirs: Record<Arch, string>;
beforeAll(async () => {
  await initBackend();
  dirs = decoderDirs();
});

/** Each decoder's dimensions from its config.json, and where its biases and LayerNorms are (by field). */
const SHAPES = {
  XGLM: {
    L: TINY_XGLM.num_layers,
    d: TINY_XGLM.d_model,
    dff: TINY_XGLM.ffn_dim,
    layerBiases: ["ln1B", "qkvB", "outB", "ln2B", "fc1B", "fc2B"],
    outerBiases: ["lnB"], // the final LayerNorm's
    layerNorms: ["ln1G", "ln1B", "ln2G", "ln2B"],
    outerNorms: ["lnG", "lnB"],
  },
  BLOOM: {
    L: TINY_BLOOM.n_layer,
    d: TINY_BLOOM.hidden_size,
    dff: 4 * TINY_BLOOM.hidden_size,
    layerBiases: ["ln1B", "qkvB", "denseB", "ln2B", "upB", "downB"],
    outerBiases: ["embLnB", "lnB"], // the embedding LayerNorm's and ln_f's
    layerNorms: ["ln1G", "ln1B", "ln2G", "ln2B"],
    outerNorms: ["embLnG", "embLnB", "lnG", "lnB"],
  },
} as const;
type Shape = (typeof SHAPES)[Arch];

const ALL_SIX = { lr: 0.05, targets: [...PROJECTIONS], r: 3, alpha: 6, dropout: 0.1 };
const CASES: Record<string, { method: string; params: Record<string, unknown> }> = {
  "lora (query, value, r 8)": { method: "lora", params: { lr: 0.05 } },
  "lora (all six projections, r 3, alpha 6, dropout 0.1)": { method: "lora", params: ALL_SIX },
  ia3: { method: "ia3", params: { lr: 0.05 } },
  bitfit: { method: "bitfit", params: { lr: 0.01 } },
  "adapter, houlsby, layer norms trained": {
    method: "adapter",
    params: { placement: "houlsby", bottleneck: 4, trainLayerNorms: true, lr: 0.01 },
  },
  // swish, not pfeiffer's ReLU: a pre-LN decoder's sublayer outputs are ~1e-2 here (N(0, 0.02) weights), so AdamW's
  // first lr-sized steps on b_down can switch every ReLU unit off on the toy batch (then W_down gets no gradient)
  "adapter, pfeiffer, default bottleneck (d / 16), swish": {
    method: "adapter",
    params: { placement: "pfeiffer", nonlinearity: "swish", lr: 0.01 },
  },
  "prefix-tuning (P 4)": { method: "prefix-tuning", params: { lr: 0.05, prefixLength: 4 } },
  "prefix-tuning, projection (P 3, h 8)": {
    method: "prefix-tuning",
    params: { lr: 0.05, prefixLength: 3, projection: true, projectionHidden: 8 },
  },
};

/** The backbone variables named by fields of each layer and of the model. */
function fields(model: Decoder, perLayer: readonly string[], outer: readonly string[]): tf.Variable[] {
  const m = model as unknown as Record<string, tf.Variable> & { layers: Record<string, tf.Variable>[] };
  return [...m.layers.flatMap((l) => perLayer.map((f) => l[f])), ...outer.map((f) => m[f])];
}

/** What a case trains: backbone variables by identity, new ones by shape, and the papers' count (the head included). */
function expected(c: { method: string; params: Record<string, unknown> }, model: Decoder, s: Shape): Trains {
  const { L, d, dff } = s, p = c.params;
  const head = { shapes: [`${d}x${d}`, `${d}`, `${d}x${C}`, `${C}`], count: d * d + d + d * C + C };
  const out = (backbone: tf.Variable[], own: string[], count: number) => ({
    backbone,
    shapes: [...own, ...head.shapes],
    count: count + head.count,
  });
  if (c.method === "bitfit") {
    // per layer 3d (q|k|v) + d (attention output) + d_ff + d (FFN) + 2d (LayerNorms); d per outer LayerNorm
    return out(fields(model, s.layerBiases, s.outerBiases), [], L * (7 * d + dff) + s.outerBiases.length * d);
  }
  if (c.method === "ia3") {
    return out([], Array.from({ length: L }, () => [`${d}`, `${d}`, `${dff}`]).flat(), L * (2 * d + dff));
  }
  if (c.method === "lora") {
    const r = (p.r as number | undefined) ?? 8;
    const targets = (p.targets as Projection[] | undefined) ?? ["query", "value"];
    const io = targets.map((t) => projectionShape(t, d, dff));
    const own = Array.from({ length: L }, () => io.flatMap(([i, o]) => [`${i}x${r}`, `${r}x${o}`])).flat();
    return out([], own, L * io.reduce((n, [i, o]) => n + r * (i + o), 0));
  }
  if (c.method === "prefix-tuning") {
    // a [P, 2Ld] table, or Embedding(P, d) -> Linear(d, h) -> tanh -> Linear(h, 2Ld)
    const P = p.prefixLength as number, w = 2 * L * d, h = p.projectionHidden as number | undefined;
    if (h === undefined) return out([], [`${P}x${w}`], P * w);
    return out([], [`${P}x${d}`, `${d}x${h}`, `${h}`, `${h}x${w}`, `${w}`], P * d + d * h + h + h * w + w);
  }
  const perLayer = p.placement === "houlsby" ? 2 : 1, m = adapterBottleneck(p as { bottleneck?: number }, d);
  const norms = p.trainLayerNorms ? fields(model, s.layerNorms, s.outerNorms) : [];
  const own = Array.from({ length: L * perLayer }, () => [`${d}x${m}`, `${m}`, `${m}x${d}`, `${d}`]).flat();
  // 2dm + d + m per adapter; 4d per layer and 2d per outer LayerNorm when the norms train
  const normCount = p.trainLayerNorms ? L * 4 * d + s.outerNorms.length * d : 0;
  return out(norms, own, L * perLayer * (2 * d * m + d + m) + normCount);
}

describe.each(["XGLM", "BLOOM"] as const)("%s", (arch) => {
  for (const [name, c] of Object.entries(CASES)) {
    methodProperties<Decoder>(name, {
      build: (seed) => buildOn(dirs[arch], c, seed),
      trains: (model) => expected(c, model, SHAPES[arch]),
      // as before the shared suite, seeded builds are checked on the encoder files only
      seeds: false,
      // a prefix is attended from the first step on: only the other methods start as the frozen model
      start: c.method === "prefix-tuning" ? undefined : { hooked: c.method !== "bitfit" },
    });
  }
});

test("the formulas on XGLM-564M and BLOOM-560m (L 24, d 1024, d_ff 4096), as docs/methods.md gives them", () => {
  const [L, d, dff] = [24, 1024, 4096], m = adapterBottleneck({}, d);
  expect(m).toBe(64);
  expect(L * (7 * d + dff) + d).toBe(271_360); // bitfit, XGLM (final LayerNorm)
  expect(L * (7 * d + dff) + 2 * d).toBe(272_384); // bitfit, BLOOM (embedding and final LayerNorms)
  expect(L * (2 * d * m + d + m)).toBe(3_171_840); // pfeiffer
  expect(2 * L * (2 * d * m + d + m)).toBe(6_343_680); // houlsby
  expect([4 * L * d + 2 * d, 4 * L * d + 4 * d]).toEqual([100_352, 102_400]); // trainLayerNorms, XGLM and BLOOM
  expect(L * 2 * 8 * (2 * d)).toBe(786_432); // lora, query and value, r 8
  expect(L * (4 * 8 * 2 * d + 2 * 8 * (d + dff))).toBe(3_538_944); // lora, all six
  expect(L * (2 * d + dff)).toBe(147_456); // ia3
  expect(d * d + d + d * C + C).toBe(1_054_725); // the head, 5 classes
});

test("prefix-tuning's room for tokens: XGLM's positions count after the prefix, BLOOM's ALiBi has no limit", async () => {
  // maxLength 40 (helpers.ts): XGLM's 64 positions hold a prefix of 24, not 25
  await expect(buildOn(dirs.XGLM, { method: "prefix-tuning", params: { lr: 0.01, prefixLength: 25 } })).rejects
    .toThrow(
      "prefix-tuning: a prefix of 25 leaves room for 39 tokens in this backbone's positions, but maxLength is 40",
    );
  const fits = await buildOn(dirs.XGLM, { method: "prefix-tuning", params: { lr: 0.01, prefixLength: 24 } });
  fits.method.dispose();
  fits.model.dispose();
  const bloom = await buildOn(dirs.BLOOM, { method: "prefix-tuning", params: { lr: 0.01, prefixLength: 500 } });
  bloom.method.dispose();
  bloom.model.dispose();
});
