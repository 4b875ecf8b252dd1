// The properties a parameter-efficient method has on whichever backbone and
// case a test file builds it (the peft-*.test.ts files): it trains exactly the
// parameters it should, as many as its formula counts; gradients reach them and
// no frozen weight; training changes them and leaves every frozen weight bit
// for bit; nothing leaks; a seed fixes the build; and, where it should, it
// starts as the frozen model. One suite, so that each file keeps only its cases,
// their formulas and what is particular to it. The checks are exported one by
// one too, for tests of their own shape (parameters.test.ts, decoder-head.test.ts).
import { describe, expect, test } from "bun:test";
import type { TrainingConfig } from "../../core/spec.ts";
import { Rng } from "../../core/rng.ts";
import { tf } from "../../models/backend.ts";
import type { Backbone } from "../../models/backbone.ts";
import type { Hookable } from "../../models/hooks.ts";
import { type Method, trainableCount } from "../../methods/method.ts";
import { train } from "../../methods/train.ts";
import { EXAMPLES, TOY_TRAINING } from "./helpers.ts";

/** A backbone a method is built on: it runs hooks (null once the method is disposed). */
export type Model = Backbone & Pick<Hookable, "hooks">;
export interface Built<M extends Model = Model> {
  model: M;
  method: Method;
}
/** Builds a fresh model and the case's method on it, drawing from `seed` (the files' default 3 when left out). */
export type Builder<M extends Model = Model> = (seed?: number) => Promise<Built<M>>;

/** What a case trains: backbone variables by identity, new ones by shape ("d1xd2"), and the formula's count. */
export interface Trains {
  backbone: tf.Variable[];
  shapes: string[];
  /** The trainable count, the head's included (unchecked when left out). */
  count?: number;
}

export const trainedOf = (m: Method) => m.groups.flatMap((g) => g.vars);
export const shapes = (vs: tf.Variable[]) => vs.map((v) => v.shape.join("x")).sort();
export const bits = (v: tf.Variable) => Buffer.from(v.dataSync().slice().buffer);
export const batchOf = (m: Method) => EXAMPLES.map((e) => m.encode(e, "en"));
export const maxAbs = (g: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]);
const label = (v: tf.Variable) => `${v.name} [${v.shape}]`;
/** The backbone's variables the method does not train. */
const frozenOf = ({ model, method }: Built) => {
  const trained = new Set(trainedOf(method));
  return model.variables().filter((v) => !trained.has(v));
};
const trainToy = (method: Method, cfg: TrainingConfig = TOY_TRAINING) =>
  train(method, { train: batchOf(method), dev: batchOf(method) }, cfg, 1);
const disposeBuilt = ({ model, method }: Built) => {
  method.dispose();
  model.dispose();
};

export function expectTrainsExactly(b: Built, e: Trains): void {
  const trained = trainedOf(b.method), own = new Set(b.model.variables());
  expect(new Set(trained.filter((v) => own.has(v)))).toEqual(new Set(e.backbone));
  // a frozen weight still marked trainable would be trained by whatever takes tf's default variable list
  expect(frozenOf(b).filter((v) => v.trainable).map(label)).toEqual([]);
  expect(shapes(trained.filter((v) => !own.has(v)))).toEqual([...e.shapes].sort());
  expect(new Set(trained).size).toBe(trained.length);
  if (e.count !== undefined) expect(trainableCount(b.method)).toBe(e.count);
}

/** The loss's gradients on the toy batch: each trained variable's non-zero (exactly zero where `zero` says), no frozen one's. */
export function expectGradients(b: Built, zero: (v: tf.Variable) => boolean = () => false): void {
  const trained = trainedOf(b.method), frozen = frozenOf(b), batch = batchOf(b.method);
  const { value, grads } = tf.variableGrads(() => b.method.loss(batch), [...trained, ...frozen]);
  for (const v of trained) {
    const g = grads[v.name];
    expect(g, `no gradient reaches trainable ${label(v)}`).toBeTruthy();
    if (zero(v)) expect(maxAbs(g), `a gradient for ${label(v)}`).toBe(0);
    else expect(maxAbs(g), `zero gradient for ${label(v)}`).toBeGreaterThan(0);
  }
  for (const v of frozen) expect(grads[v.name] ?? null, `a gradient reaches frozen ${v.name}`).toBeNull();
  tf.dispose([value, ...Object.values(grads).filter((g): g is tf.Tensor => g !== null)]);
}

export async function expectTrainingChanges(b: Built, cfg: TrainingConfig = TOY_TRAINING): Promise<void> {
  const trained = trainedOf(b.method), frozen = frozenOf(b);
  const before = frozen.map(bits), trainedBefore = trained.map(bits);
  await trainToy(b.method, cfg);
  frozen.forEach((v, i) => expect(bits(v).equals(before[i]), `frozen ${v.name} changed`).toBe(true));
  expect(trained.filter((v, i) => bits(v).equals(trainedBefore[i])).map(label)).toEqual([]);
}

/** Build, a logits call in tf.tidy, train (as `cfg`), cache, predict, dispose: each step leaves the tensor count as it was. */
export async function expectNoLeak(build: () => Promise<Built>, cfg: TrainingConfig): Promise<void> {
  const start = tf.memory().numTensors;
  const { model, method } = await build();
  const data = batchOf(method);
  const built = tf.memory().numTensors;
  tf.tidy(() => void method.logits(data.slice(0, 3)));
  expect(tf.memory().numTensors).toBe(built);
  await train(method, { train: data, dev: data }, cfg, 1);
  method.cacheForInference();
  const cached = tf.memory().numTensors;
  tf.tidy(() => void method.logits(data.slice(0, 3)));
  expect(tf.memory().numTensors).toBe(cached);
  method.dispose();
  expect(model.hooks).toBeNull();
  model.dispose();
  expect(tf.memory().numTensors).toBe(start);
}

const logitsOf = (m: Method, data = batchOf(m)) => tf.tidy(() => m.logits(data).arraySync() as number[][]);

/** The built method's logits on the toy batch, then both disposed. */
export async function logitsOnce(build: () => Promise<Built>): Promise<number[][]> {
  const b = await build();
  const out = logitsOf(b.method);
  disposeBuilt(b);
  return out;
}

/**
 * LoRA trained a few steps, then merged by cacheForInference: the logits the hooked model's (within 1e-5), the
 * hooks off, the frozen weight changed; a second merge adds nothing. The adapters' own effect is logged beside.
 */
export async function expectLoraMerge(tag: string, { model, method }: Built<Model & Hookable>): Promise<void> {
  const data = batchOf(method);
  await train(method, { train: data, dev: data }, { ...TOY_TRAINING, maxSteps: 6 }, 1);
  const hooks = model.hooks;
  const hooked = logitsOf(method, data).flat();
  model.hooks = null;
  const plain = logitsOf(method, data).flat();
  model.hooks = hooks;
  const qkv = model.projectionWeight(0, "query").w, qkvBefore = bits(qkv);
  method.cacheForInference();
  expect(model.hooks).toBeNull();
  expect(bits(qkv).equals(qkvBefore)).toBe(false);
  const merged = logitsOf(method, data).flat();
  method.cacheForInference(); // a second call must not add the update again
  const again = logitsOf(method, data).flat();
  const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));
  console.log(
    `[${tag}] merged vs hooked logits: max |diff| ${maxDiff(merged, hooked).toExponential(2)}; ` +
      `the adapters' own effect: max |diff| ${maxDiff(plain, hooked).toExponential(2)}`,
  );
  expect(maxDiff(plain, hooked)).toBeGreaterThan(1e-3);
  expect(maxDiff(merged, hooked)).toBeLessThan(1e-5);
  expect(again).toEqual(merged);
}

/** Where a case's gradients are checked, and how the method gets there. */
export interface GradientState<M extends Model> {
  /** How the test's name says it: "after a few steps", "at the start". */
  when: string;
  prepare: (b: Built<M>) => unknown;
  /** Given: the gradients are checked at the start too, these trained variables' there exactly zero. */
  zeroAtStart?: (v: tf.Variable, b: Built<M>) => boolean;
}

export interface Properties<M extends Model> {
  build: Builder<M>;
  trains: (model: M) => Trains;
  /** The default: after TOY_TRAINING's steps (while LoRA's B or an adapter's up-projection is zero, A or W_down gets none). */
  gradients?: GradientState<M>;
  /** Whether two builds of one seed are checked to agree (the default) and another seed to differ. */
  seeds?: boolean;
  /** Given: the method starts as the frozen model with its head; `hooked` says whether it sets hooks to get there. */
  start?: { hooked: boolean; finetune?: () => Promise<Built> };
}

/** Registers a case's property tests in a describe block of its name. */
export function methodProperties<M extends Model>(name: string, p: Properties<M>): void {
  const { build } = p;
  const state = p.gradients ?? { when: "after a few steps", prepare: (b: Built<M>) => trainToy(b.method) };

  describe(name, () => {
    test("trains exactly its parameters and the head, as many as the formula counts", async () => {
      const b = await build();
      expectTrainsExactly(b, p.trains(b.model));
      disposeBuilt(b);
    });

    test(`${state.when}, gradients reach every trainable parameter and no frozen weight`, async () => {
      const b = await build();
      const zero = state.zeroAtStart;
      if (zero) expectGradients(b, (v) => zero(v, b));
      await state.prepare(b);
      expectGradients(b);
      disposeBuilt(b);
    });

    test("training changes every trainable parameter and leaves every frozen weight bit for bit", async () => {
      const b = await build();
      await expectTrainingChanges(b);
      disposeBuilt(b);
    });

    test("leaves no tensor behind: build, a logits call in tf.tidy, train, cache, predict, dispose", async () => {
      await expectNoLeak(build, { ...TOY_TRAINING, maxSteps: 4, evalEvery: 2 });
    });

    if (p.seeds ?? true) {
      test("two builds of one seed give the same loss bit for bit, at the start and after training (dropout off and on); another seed another", async () => {
        const lossesOf = async (seed: number) => {
          const { model, method } = await build(seed);
          const data = batchOf(method);
          const at = (drop?: { rate: number; rng: Rng }) => tf.tidy(() => method.loss(data, drop).dataSync()[0]);
          const first = at();
          await trainToy(method);
          // dropout after training: while LoRA's B is zero its input dropout changes nothing
          const out = [first, at(), at({ rate: 0.1, rng: new Rng(5) })];
          disposeBuilt({ model, method });
          return out;
        };
        const a = await lossesOf(3);
        expect(await lossesOf(3)).toEqual(a);
        const other = await lossesOf(4);
        expect(other[0]).not.toBe(a[0]);
        expect(other[2]).not.toBe(a[2]);
      });
    }

    const start = p.start;
    if (!start) return;
    const title = start.finetune
      ? "starts as the frozen model with fine-tuning's head: the same logits as without the hooks and as fine-tuning's, bit for bit"
      : "starts as the frozen model with its head: the same logits as without the hooks, bit for bit";
    test(title, async () => {
      const { model, method } = await build();
      const hooks = model.hooks;
      expect(hooks !== null).toBe(start.hooked);
      const hooked = logitsOf(method);
      model.hooks = null;
      const plain = logitsOf(method);
      model.hooks = hooks;
      expect(hooked).toEqual(plain);
      // the same seed draws fine-tuning's head first: only the method's own parameters could differ
      if (start.finetune) expect(hooked).toEqual(await logitsOnce(start.finetune));
      disposeBuilt({ model, method });
    });
  });
}
