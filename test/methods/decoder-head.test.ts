// The headed model on the tiny XGLM and BLOOM (methods/headed-model.ts): the
// head reads each row's last real token, so padding after it changes nothing
// and the last token changes the logits; and LoRA's merged weights give the
// hooked model's logits, which takes each projection's columns of the fused
// q|k|v weight (BLOOM's interleaved per head) as the model splits them.
import { beforeAll, describe, expect, test } from "bun:test";
import { initBackend, tf } from "../../models/backend.ts";
import { PROJECTIONS } from "../../models/hooks.ts";
import { headPositions, type TokenIdsRow } from "../../methods/headed-model.ts";
import type { Method } from "../../methods/method.ts";
import { train } from "../../methods/train.ts";
import { TINY_TEXTS } from "../helpers/tiny-model.ts";
import { expectWithin, networkTolerance } from "../helpers/tolerance.ts";
import { type Arch, buildOn, decoderDirs, EXAMPLES, TOY_TRAINING } from "./helpers.ts";
import { expectLoraMerge } from "./method-properties.ts";

let dirs: Record<Arch, string>;
beforeAll(async () => {
  await initBackend();
  dirs = decoderDirs();
});

const ALL_SIX = { method: "lora", params: { lr: 0.05, targets: [...PROJECTIONS], r: 3, alpha: 6 } };
const IA3 = { method: "ia3", params: { lr: 0.05 } };
const rowsOf = (m: Method) => EXAMPLES.map((e) => m.encode(e, "en") as TokenIdsRow);
const logitsOf = (m: Method, rows: TokenIdsRow[]) => tf.tidy(() => m.logits(rows).arraySync() as number[][]);
const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));

test("the head reads <s> on an encoder and each row's last real token on a decoder", () => {
  const rows = [{ ids: [0, 5, 9, 2] }, { ids: [0, 7] }, { ids: [3] }];
  expect(headPositions({ causal: false }, rows)).toEqual([0, 0, 0]);
  expect(headPositions({ causal: true }, rows)).toEqual([3, 1, 0]);
});

describe.each(["XGLM", "BLOOM"] as const)("%s", (arch) => {
  test("another padding id leaves every row's logits bit for bit (the head reads no padding)", async () => {
    const a = await buildOn(dirs[arch], IA3);
    // the same seed builds the same head; only the id the rows are padded with differs
    const b = await buildOn(dirs[arch], IA3, 3, (t) => ({ ...t, padId: t.padId === 7 ? 8 : 7 }));
    const rows = rowsOf(a.method);
    expect(new Set(rows.map((r) => r.ids.length)).size).toBeGreaterThan(1); // rows of several lengths: padding
    expect(logitsOf(b.method, rows)).toEqual(logitsOf(a.method, rows));
    for (const x of [a, b]) x.method.dispose(), x.model.dispose();
  });

  test("a row's logits alone and batched with a longer row (padded after its last token) agree", async () => {
    const { model, method } = await buildOn(dirs[arch], IA3);
    const short = method.encode({ id: "s", text: "The match ended.", label: 0 }, "en") as TokenIdsRow;
    const long = method.encode({ id: "l", text: TINY_TEXTS[1], label: 0 }, "en") as TokenIdsRow;
    expect(long.ids.length).toBeGreaterThan(short.ids.length + 3);
    const alone = logitsOf(method, [short])[0], batched = logitsOf(method, [long, short])[1];
    // a batch of two makes products of other shapes, whose sums a GEMM kernel may order otherwise
    const tol = networkTolerance({ layers: 2, longestSum: 4 * model.hidden, values: batched });
    expectWithin(`${arch} alone/batched`, alone, batched, tol);
    method.dispose();
    model.dispose();
  });

  test("changing a row's last real token changes its logits; the other rows' stay bit for bit", async () => {
    const { model, method } = await buildOn(dirs[arch], IA3);
    const rows = rowsOf(method);
    const last = rows[0].ids.length - 1;
    const changed = [{ ...rows[0], ids: rows[0].ids.map((id, i) => (i === last ? (id === 5 ? 6 : 5) : id)) }];
    const before = logitsOf(method, rows), after = logitsOf(method, [...changed, ...rows.slice(1)]);
    // position 0 of a causal model never sees the last token: reading it would leave the logits as they were
    expect(maxDiff(after[0], before[0])).toBeGreaterThan(1e-6);
    expect(after.slice(1)).toEqual(before.slice(1));
    method.dispose();
    model.dispose();
  });

  test("lora: merged weights give the hooked model's logits (within 1e-5), the hook removed, merging once", async () => {
    const b = await buildOn(dirs[arch], ALL_SIX);
    await expectLoraMerge(`lora, ${arch}`, b);
    b.method.dispose();
    b.model.dispose();
  });

  test("lora on query, key and value alone: the merge puts each update in its own columns", async () => {
    const qkv = { method: "lora", params: { lr: 0.05, targets: ["query", "key", "value"], r: 2 } };
    const { model, method } = await buildOn(dirs[arch], qkv);
    const data = rowsOf(method);
    await train(method, { train: data, dev: data }, { ...TOY_TRAINING, maxSteps: 6 }, 1);
    const hooked = logitsOf(method, data).flat();
    method.cacheForInference();
    expect(maxDiff(logitsOf(method, data).flat(), hooked)).toBeLessThan(1e-5);
    method.dispose();
    model.dispose();
  });
});
