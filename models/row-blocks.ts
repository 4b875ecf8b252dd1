// A [rows, cols] weight (word embeddings, the tied LM head) held as row
// blocks when one tensor would be larger than the backend binds at once:
// WebGPU binds a tensor whole, and an adapter may bind as little as 128 MiB
// (XLM-R large's word embeddings are 1 GB). One block, the usual case, is the
// plain tensor and the plain ops, so numbers do not change; several blocks
// gather through masks and multiply block by block.
import { tf, variableFrom } from "./backend.ts";
import { maxBindingBytes } from "./binding-limit.ts";

export class RowBlocks {
  readonly rows: number;
  readonly cols: number;
  private readonly starts: number[];

  constructor(readonly blocks: tf.Variable[]) {
    if (!blocks.length) throw new Error("RowBlocks: no blocks");
    this.cols = blocks[0].shape[1]!;
    this.starts = [];
    let r = 0;
    for (const b of blocks) {
      if (b.rank !== 2 || b.shape[1] !== this.cols) {
        throw new Error(`RowBlocks: block of shape [${b.shape}] among blocks of ${this.cols} columns`);
      }
      this.starts.push(r);
      r += b.shape[0]!;
    }
    this.rows = r;
  }

  /** Float32 row-major data as blocks no larger than the limit (one block when it fits). */
  static fromData(data: Float32Array, rows: number, cols: number, trainable: boolean): RowBlocks {
    if (data.length !== rows * cols) throw new Error(`RowBlocks: ${data.length} values for [${rows}, ${cols}]`);
    const perBlock = Math.max(1, Math.min(rows, Math.floor(maxBindingBytes() / (4 * cols))));
    const blocks: tf.Variable[] = [];
    for (let r = 0; r < rows; r += perBlock) {
      const n = Math.min(perBlock, rows - r);
      blocks.push(variableFrom(tf.tensor2d(data.subarray(r * cols, (r + n) * cols), [n, cols]), trainable));
    }
    return new RowBlocks(blocks);
  }

  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  /** The weight as one variable; only when it is one block. */
  get whole(): tf.Variable {
    if (this.blocks.length > 1) {
      throw new Error(
        `a [${this.rows}, ${this.cols}] weight is held in ${this.blocks.length} row blocks (larger than the backend binds at once); it has no single tensor`,
      );
    }
    return this.blocks[0];
  }

  /** Rows at `ids` (int32, any shape): [...ids.shape, cols]. */
  gather(ids: tf.Tensor): tf.Tensor {
    if (this.blocks.length === 1) return tf.gather(this.blocks[0], ids);
    return tf.tidy(() => {
      const parts = this.blocks.map((b, i) => {
        const lo = this.starts[i], n = b.shape[0]!;
        const local = tf.sub(ids, tf.scalar(lo, "int32"));
        const inside = tf.logicalAnd(
          tf.greaterEqual(local, tf.scalar(0, "int32")),
          tf.less(local, tf.scalar(n, "int32")),
        );
        // clamped with int32 minimum/maximum: tfjs-wasm's ClipByValue left int32 indices unclamped
        const rows = tf.gather(b, tf.minimum(tf.maximum(local, tf.scalar(0, "int32")), tf.scalar(n - 1, "int32")));
        return tf.mul(rows, tf.expandDims(tf.cast(inside, "float32"), -1));
      });
      return tf.addN(parts);
    });
  }

  /** Rows at `ids` given as numbers: [ids.length, cols]. */
  rowsAt(ids: number[]): tf.Tensor2D {
    return tf.tidy(() => this.gather(tf.tensor1d(ids, "int32")) as tf.Tensor2D);
  }

  /** h [N, cols] times the weight transposed: [N, rows] (a tied LM head's logits). */
  matMulT(h: tf.Tensor2D, mmT: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D): tf.Tensor2D {
    if (this.blocks.length === 1) return mmT(h, this.blocks[0] as unknown as tf.Tensor2D);
    return tf.concat(this.blocks.map((b) => mmT(h, b as unknown as tf.Tensor2D)), 1) as tf.Tensor2D;
  }

  /** The weight's values, row-major (saving a checkpoint after pretraining, on a CPU backend). */
  dataSync(): Float32Array {
    const out = new Float32Array(this.rows * this.cols);
    for (const [i, b] of this.blocks.entries()) out.set(b.dataSync() as Float32Array, this.starts[i] * this.cols);
    return out;
  }

  dispose(): void {
    for (const b of this.blocks) b.dispose();
  }
}
