// What makes each method that method: its trainable parameters are exactly the
// ones its paper names, gradients reach each of them and none of the frozen
// weights, and training leaves every frozen weight bit-for-bit as it was.
import { beforeAll, describe, test } from "bun:test";
import { initBackend, type tf } from "../../models/backend.ts";
import type { XlmrModel } from "../../models/xlmr.ts";
import type { Method } from "../../methods/method.ts";
import type { UniPrompt } from "../../methods/uniprompt.ts";
import { makeTinyModelDir } from "../helpers/tiny-model.ts";
import { build, CASES } from "./helpers.ts";
import { expectGradients, expectNoLeak, expectTrainingChanges, expectTrainsExactly } from "./method-properties.ts";

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = makeTinyModelDir();
});

/** The methods of helpers.ts, and the prompt-tuning variants whose extra weights are checked here too. */
const ALL: typeof CASES = {
  ...CASES,
  // DUAL^{XPE-60} on 5 tokens: 2 standard vectors, then 3 encoded ones; lrs as §4.2 (scaled up for 3 steps)
  dual: {
    method: "dual",
    params: {
      promptLength: 5,
      xpeShare: 0.6,
      freezeBackbone: true,
      head: "classifier",
      lr: { prompt: 0.05, encoder: 0.01, head: 0.01 },
      weightDecay: { encoder: 0.1, head: 0.1 },
    },
  },
  "spt residual w/ MF": {
    method: "spt",
    params: {
      promptLength: 3,
      freezeBackbone: true,
      head: "verbalizer",
      lr: { prompt: 0.01 },
      reparameterization: "residual",
      bottleneck: 6,
    },
  },
};

/** The weights each method trains, named as its paper (or the cited source) names them, beyond the backbone's own. */
function expected(name: string, model: XlmrModel, method: Method): { backbone: tf.Variable[]; extra: string[] } {
  const w = model.w, d = model.hidden, C = 5, I = model.config.intermediate_size;
  const encoder = model.encoderVariables();
  const lmHead = model.lmHeadVariables();
  const transform = [w.lmDenseW, w.lmDenseB, w.lmLnG, w.lmLnB];
  // one copied layer: fused QKV, attention output, two LayerNorms, FFN in and out
  const layer = [
    `${d}x${3 * d}`,
    `${3 * d}`,
    `${d}x${d}`,
    `${d}`,
    `${d}`,
    `${d}`,
    `${d}x${I}`,
    `${I}`,
    `${I}x${d}`,
    `${d}`,
    `${d}`,
    `${d}`,
  ];
  const tower = (p: number) => Array.from({ length: p }, () => layer).flat();
  switch (name) {
    case "finetune": // all encoder weights and a new head on <s>: dense d x d, tanh, projection d x C
      return { backbone: encoder, extra: [`${d}x${d}`, `${d}`, `${d}x${C}`, `${C}`] };
    case "english-prompt":
    case "translation-prompt": // all weights, label words through the (tied) MLM head
      return { backbone: [...encoder, ...lmHead], extra: [] };
    case "soft-prompt": // all weights and two artificial template tokens
      return { backbone: [...encoder, ...lmHead], extra: [`2x${d}`] };
    case "uniprompt (discrete labels)": // all weights, the template tower (p layers), discrete label words through the MLM head
      return { backbone: [...encoder, ...lmHead], extra: tower((method as UniPrompt).p.towerLayers) };
    case "spt w/ MF": // the prompt alone
      return { backbone: [], extra: [`3x${d}`] };
    case "spt residual w/ MF": // the prompt and its reparameterization: W_down d x m, W_up m x d, their biases, the LayerNorm
      return { backbone: [], extra: [`3x${d}`, `${d}x6`, "6", `6x${d}`, `${d}`, `${d}`, `${d}`] };
    case "dual": // the standard part, XPE's pseudo-prompt and two-layer encoder, the classifier head
      return {
        backbone: [],
        extra: [`2x${d}`, `3x${d}`, `${d}x${d}`, `${d}`, `${d}x${d}`, `${d}`, `${d}x${d}`, `${d}`, `${d}x${C}`, `${C}`],
      };
    default: // UniPrompt with soft label words: all weights but the MLM bias they do not read, the template tower, C soft label words and their bias
      return {
        backbone: [...encoder, ...transform],
        extra: [...tower((method as UniPrompt).p.towerLayers), `${C}x${d}`, `${C}`],
      };
  }
}

describe.each(Object.keys(ALL))("%s", (name) => {
  test("trains exactly the parameters its paper names", async () => {
    const b = await build(dir, ALL[name]);
    const e = expected(name, b.model, b.method);
    expectTrainsExactly(b, { backbone: e.backbone, shapes: e.extra });
    b.method.dispose();
    b.model.dispose();
  });

  test("gradients reach every trainable parameter and no frozen weight", async () => {
    const b = await build(dir, ALL[name]);
    expectGradients(b);
    b.method.dispose();
    b.model.dispose();
  });

  test("training changes the trainable parameters and leaves every frozen weight bit-for-bit unchanged", async () => {
    const b = await build(dir, ALL[name]);
    await expectTrainingChanges(b);
    b.method.dispose();
    b.model.dispose();
  });
});

test.each(Object.keys(ALL))(
  "%s leaves no tensor behind: training, caching for inference and predicting, then dispose",
  async (name) => {
    // a linear schedule and clipping: the paths the other files' constant, unclipped training leaves out
    await expectNoLeak(() => build(dir, ALL[name]), {
      batchSize: 4,
      maxSteps: 4,
      evalEvery: 2,
      maxLength: 40,
      optimizer: "adamw",
      schedule: { type: "linear", warmupRatio: 0 },
      gradClip: 1e-3,
      dropout: 0.1,
    });
  },
);
