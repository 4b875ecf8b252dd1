// The WASM backend's heap-copy Slice and SplitV (models/wasm-kernels.ts) give
// exactly the elements a plain index computation gives, for every rank, axis
// and dtype they take, and leave the rest to tfjs's kernels.
import { beforeAll, describe, expect, test } from "bun:test";
import { initBackend, tf } from "../../models/backend.ts";
import { Rng } from "../../core/rng.ts";

beforeAll(async () => {
  await initBackend();
});

/** The element of a row-major array at a multi-index. */
const at = (vals: ArrayLike<number>, shape: number[], idx: number[]) =>
  vals[idx.reduce((o, i, a) => o * shape[a] + i, 0)];

/** Every multi-index of a shape, in row-major order. */
function* indices(shape: number[]): Generator<number[]> {
  const n = shape.reduce((a, b) => a * b, 1);
  for (let f = 0; f < n; f++) {
    const idx: number[] = [];
    let r = f;
    for (let a = shape.length - 1; a >= 0; a--) {
      idx.unshift(r % shape[a]);
      r = Math.floor(r / shape[a]);
    }
    yield idx;
  }
}

function expected(vals: ArrayLike<number>, shape: number[], begin: number[], size: number[]): number[] {
  return [...indices(size)].map((i) => at(vals, shape, i.map((x, a) => x + begin[a])));
}

const SHAPES = [[7], [5, 6], [3, 4, 5], [2, 3, 4, 5], [2, 2, 3, 2, 3]];

test("the heap-copy kernels are the WASM backend's Slice and SplitV", () => {
  expect(tf.getBackend()).toBe("wasm");
  expect(tf.getKernel("Slice", "wasm")!.kernelFunc.name).toBe("heapSlice");
  expect(tf.getKernel("SplitV", "wasm")!.kernelFunc.name).toBe("heapSplitV");
  expect(tf.getKernel("Unpack", "wasm")!.kernelFunc.name).toBe("heapUnpack");
});

test.each(SHAPES.slice(1).map((s) => [s.length, s] as [number, number[]]))(
  "wasm Unpack, rank %i: every axis, float32 and int32",
  (_r, shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    for (const dtype of ["float32", "int32"] as const) {
      const vals = Array.from({ length: n }, (_, i) => (dtype === "int32" ? 3 * i - 11 : i / 4));
      const x = tf.tensor(vals, shape, dtype);
      for (let axis = 0; axis < shape.length; axis++) {
        const parts = tf.unstack(x, axis);
        expect(parts.length).toBe(shape[axis]);
        parts.forEach((p, i) => {
          expect(p.shape).toEqual(shape.filter((_, a) => a !== axis));
          expect(p.dtype).toBe(dtype);
          expect(Array.from(p.dataSync())).toEqual(
            expected(vals, shape, shape.map((_, a) => (a === axis ? i : 0)), shape.map((s, a) => (a === axis ? 1 : s))),
          );
        });
        tf.dispose(parts);
      }
      x.dispose();
    }
  },
);

describe("wasm Slice", () => {
  test.each(SHAPES.map((s) => [s.length, s] as [number, number[]]))(
    "rank %i: random boxes, float32 and int32",
    (_r, shape) => {
      const rng = new Rng(shape.length);
      for (const dtype of ["float32", "int32"] as const) {
        const n = shape.reduce((a, b) => a * b, 1);
        const vals = Array.from({ length: n }, (_, i) => (dtype === "int32" ? i * 7 - 50 : i * 0.5 - 3.25));
        const x = tf.tensor(vals, shape, dtype);
        for (let trial = 0; trial < 6; trial++) {
          const begin = shape.map((d) => rng.int(d));
          const size = shape.map((d, a) => 1 + rng.int(d - begin[a]));
          const y = tf.slice(x, begin, size);
          expect(y.dtype).toBe(dtype);
          expect(y.shape).toEqual(size);
          expect(Array.from(y.dataSync())).toEqual(expected(vals, shape, begin, size));
          y.dispose();
        }
        x.dispose();
      }
    },
  );

  test("an empty box and a bool tensor (left to tfjs's kernel)", () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    expect(tf.slice(x, [1, 0], [0, 2]).shape).toEqual([0, 2]);
    const b = tf.tensor2d([true, false, false, true], [2, 2], "bool");
    expect(Array.from(tf.slice(b, [1, 0], [1, 2]).dataSync())).toEqual([0, 1]);
  });
});

describe("wasm SplitV", () => {
  test.each(SHAPES.slice(1).map((s) => [s.length, s] as [number, number[]]))(
    "rank %i: even and uneven splits on every axis",
    (_r, shape) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const vals = Array.from({ length: n }, (_, i) => i + 0.25);
      const x = tf.tensor(vals, shape);
      for (let axis = 0; axis < shape.length; axis++) {
        const d = shape[axis];
        const splits = d > 2 ? [1, d - 3, 2].filter((s) => s > 0) : [d];
        const parts = tf.split(x, splits, axis);
        let start = 0;
        parts.forEach((p, i) => {
          const begin = shape.map((_, a) => (a === axis ? start : 0));
          const size = shape.map((s, a) => (a === axis ? splits[i] : s));
          expect(Array.from(p.dataSync())).toEqual(expected(vals, shape, begin, size));
          start += splits[i];
        });
        tf.dispose(parts);
      }
      x.dispose();
    },
  );

  test("a fused q|k|v projection splits into its three blocks, and gradients flow back through it", () => {
    const x = tf.randomNormal([6, 12], 0, 1, "float32", 3);
    const [q, k, v] = tf.split(x, 3, 1);
    const all = x.arraySync() as number[][];
    expect(q.arraySync()).toEqual(all.map((r) => r.slice(0, 4)));
    expect(v.arraySync()).toEqual(all.map((r) => r.slice(8)));
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.split(t, 3, 1)[1], 2)))(x);
    expect((g.arraySync() as number[][]).map((r) => r.map((e) => e))).toEqual(
      all.map(() => [0, 0, 0, 0, 2, 2, 2, 2, 0, 0, 0, 0]),
    );
    tf.dispose([x, q, k, v, g]);
  });
});

describe("shared Identity and Cast", () => {
  test("are the WASM backend's kernels", () => {
    expect(tf.getKernel("Identity", "wasm")!.kernelFunc.name).toBe("sharedIdentity");
    expect(tf.getKernel("Cast", "wasm")!.kernelFunc.name).toBe("sharedCast");
  });

  test("a clone keeps its values after the original is disposed", () => {
    const x = tf.tensor2d([1.5, -2, 3, 4.25], [2, 2]);
    const c = tf.clone(x);
    x.dispose();
    expect(Array.from(c.dataSync())).toEqual([1.5, -2, 3, 4.25]);
    c.dispose();
  });

  test("a cast to another dtype still converts, to the same dtype it keeps the values", () => {
    const x = tf.tensor1d([1.75, -2.5, 3]);
    const same = tf.cast(x, "float32"), int = tf.cast(x, "int32");
    x.dispose();
    expect(Array.from(same.dataSync())).toEqual([1.75, -2.5, 3]);
    expect(int.dtype).toBe("int32");
    expect(Array.from(int.dataSync())).toEqual([1, -2, 3]);
    tf.dispose([same, int]);
  });

  test("a variable assigned after a clone leaves the clone as it was", () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const c = tf.clone(v);
    v.assign(tf.tensor1d([7, 8, 9]));
    expect(Array.from(c.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync())).toEqual([7, 8, 9]);
    tf.dispose([v, c]);
  });
});

describe("heap GatherV2", () => {
  test("is the WASM backend's kernel", () => {
    expect(tf.getKernel("GatherV2", "wasm")!.kernelFunc.name).toBe("heapGatherV2");
  });

  test.each(SHAPES.map((s) => [s.length, s] as [number, number[]]))(
    "rank %i: every axis, float32 and int32, indices of rank 2",
    (_r, shape) => {
      const n = shape.reduce((a, b) => a * b, 1);
      for (const dtype of ["float32", "int32"] as const) {
        const vals = Array.from({ length: n }, (_, i) => (dtype === "int32" ? 5 * i - 7 : i / 8));
        const x = tf.tensor(vals, shape, dtype);
        for (let axis = 0; axis < shape.length; axis++) {
          const picks = [[shape[axis] - 1, 0], [0, Math.floor(shape[axis] / 2)]];
          const g = tf.gather(x, tf.tensor2d(picks, [2, 2], "int32"), axis);
          expect(g.shape).toEqual([...shape.slice(0, axis), 2, 2, ...shape.slice(axis + 1)]);
          const want = [...indices(g.shape)].map((i) => {
            const src = [...i.slice(0, axis), picks[i[axis]][i[axis + 1]], ...i.slice(axis + 2)];
            return at(vals, shape, src);
          });
          expect(Array.from(g.dataSync())).toEqual(want);
          g.dispose();
        }
        x.dispose();
      }
    },
  );

  test("an index out of range is an error", () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    expect(() => tf.gather(x, tf.tensor1d([0, 2], "int32"))).toThrow(/index value 2/);
    x.dispose();
  });
});

describe("UnsortedSegmentSum", () => {
  test("sums rows by segment in index order, skipping ids out of range", () => {
    const x = tf.tensor2d([1, 2, 10, 20, 100, 200, 0.5, 0.25], [4, 2]);
    const s = tf.unsortedSegmentSum(x, tf.tensor1d([2, 0, 2, 5], "int32"), 3);
    expect(s.shape).toEqual([3, 2]);
    expect(Array.from(s.dataSync())).toEqual([10, 20, 0, 0, 101, 202]);
    tf.dispose([x, s]);
  });

  test("is the gradient of a gather: repeated rows add up", () => {
    const table = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d([1, 1, 0], "int32")), 3)))(table);
    expect(Array.from(g.dataSync())).toEqual([3, 3, 6, 6, 0, 0]);
    tf.dispose([table, g]);
  });
});
