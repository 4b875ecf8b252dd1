// Shared pieces for turning reference checkpoints into tfjs variables: name
// lookup with an optional prefix, shape checks, unexpected-weight reports,
// Linear weights pre-transposed to [in, out], and seeded random init.
import { RowBlocks } from "./row-blocks.ts";
import { Rng } from "../core/rng.ts";
import { tf, variableFrom } from "./backend.ts";
import type { RawTensor } from "./safetensors.ts";

export class WeightReader {
  private used = new Set<string>();
  private readonly prefix: string;
  constructor(
    readonly tensors: Map<string, RawTensor>,
    readonly source: string,
    /** Prefix of the task model (e.g. "transformer."), absent when saved from the base model. */
    prefix: string,
  ) {
    this.prefix = [...tensors.keys()].some((k) => k.startsWith(prefix)) ? prefix : "";
  }
  raw(name: string, shape: number[], prefixed = true): RawTensor {
    const key = prefixed ? this.prefix + name : name;
    const t = this.tensors.get(key);
    if (!t) throw new Error(`${this.source}: missing weight "${key}"`);
    if (t.shape.join() !== shape.join()) {
      throw new Error(`${this.source}: weight "${key}" has shape [${t.shape}], expected [${shape}]`);
    }
    this.used.add(key);
    return t;
  }
  vec(name: string, n: number, prefixed = true): tf.Variable {
    return variableFrom(tf.tensor1d(this.raw(name, [n], prefixed).data), false);
  }
  /** A [rows, cols] table (token embeddings), in row blocks where larger than the backend binds at once. */
  table(name: string, r: number, c: number, prefixed = true): RowBlocks {
    return RowBlocks.fromData(this.raw(name, [r, c], prefixed).data, r, c, false);
  }
  mat(name: string, r: number, c: number, prefixed = true): tf.Variable {
    return variableFrom(tf.tensor2d(this.raw(name, [r, c], prefixed).data, [r, c]), false);
  }
  /** A torch Linear weight [out, in] stored as [in, out]. */
  linear(name: string, out: number, inp: number): tf.Variable {
    const t = tf.tensor2d(this.raw(name, [out, inp]).data, [out, inp]);
    const v = variableFrom(tf.transpose(t), false);
    t.dispose();
    return v;
  }
  /** Several Linear weights [out, in] side by side as one [in, sum(out)] matrix (fused projections). */
  linearConcat(names: string[], out: number, inp: number): tf.Variable {
    return variableFrom(
      tf.tidy(() =>
        tf.concat(names.map((n) => tf.transpose(tf.tensor2d(this.raw(n, [out, inp]).data, [out, inp]))), 1)
      ),
      false,
    );
  }
  vecConcat(names: string[], n: number): tf.Variable {
    return variableFrom(tf.tidy(() => tf.concat(names.map((x) => tf.tensor1d(this.raw(x, [n]).data)))), false);
  }
  /** Fail on weights nobody used, except those matching `ignorable`. */
  finish(ignorable: RegExp[], arch: string): void {
    const unexpected = [...this.tensors.keys()].filter((k) => !this.used.has(k) && !ignorable.some((r) => r.test(k)));
    if (unexpected.length) {
      throw new Error(
        `${this.source}: unexpected weights not used by ${arch}: ${unexpected.slice(0, 10).join(", ")}${
          unexpected.length > 10 ? ` (+${unexpected.length - 10} more)` : ""
        }`,
      );
    }
  }
}

/** Builds reference-layout random weights: N(0, std) matrices, zero biases, unit norms. */
export class RandomWeights {
  readonly tensors = new Map<string, RawTensor>();
  private rng: Rng;
  constructor(
    seed: number,
    readonly std = 0.02,
  ) {
    this.rng = new Rng(seed);
  }
  private normal(n: number): Float32Array {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i += 2) {
      const u = Math.max(this.rng.next(), 1e-12), v = this.rng.next();
      const r = Math.sqrt(-2 * Math.log(u)) * this.std;
      a[i] = r * Math.cos(2 * Math.PI * v);
      if (i + 1 < n) a[i + 1] = r * Math.sin(2 * Math.PI * v);
    }
    return a;
  }
  put(name: string, shape: number[], data: Float32Array): void {
    this.tensors.set(name, { dtype: "F32", shape, data });
  }
  matrix(name: string, rows: number, cols: number, zeroRow?: number): void {
    const a = this.normal(rows * cols);
    if (zeroRow !== undefined) a.fill(0, zeroRow * cols, (zeroRow + 1) * cols);
    this.put(name, [rows, cols], a);
  }
  linear(name: string, out: number, inp: number, bias = true): void {
    this.matrix(`${name}.weight`, out, inp);
    if (bias) this.put(`${name}.bias`, [out], new Float32Array(out));
  }
  norm(name: string, d: number): void {
    this.put(`${name}.weight`, [d], new Float32Array(d).fill(1));
    this.put(`${name}.bias`, [d], new Float32Array(d));
  }
}

export function requireInts(raw: Record<string, unknown>, fields: string[], source: string): void {
  for (const f of fields) {
    const v = raw[f];
    if (!Number.isInteger(v) || (v as number) <= 0) {
      throw new Error(`${source}: field "${f}" must be a positive integer, got ${JSON.stringify(v)}`);
    }
  }
}
