// Prefix states of a frozen decoder, kept per example. With SPT on XGLM or
// BLOOM the input tokens come before the suffix prompt and attend only to
// earlier tokens, so with frozen weights and no dropout their keys and values
// never change: they are computed the first time an example is seen (the
// first epoch, the first dev evaluation) and every later step runs only the
// prompt positions against them. With dropout a fresh state is computed per
// batch (still without backpropagating through the tokens). After training
// the cache is emptied and seals: a test set is seen once, so storing it
// would only hold memory.
import { tf } from "../models/backend.ts";
import { prefixCacheMb } from "../core/settings.ts";
import type { PrefixState, SuffixDecoder } from "../models/backbone.ts";
import type { DropoutCtx } from "../models/xlmr.ts";

/** A row of token ids (the prompt comes after them). */
export interface PrefixRow {
  ids: number[];
}

/** The default byte budget: XLT_PREFIX_CACHE_MB (MiB), else 1024; beyond it rows are computed per batch. */
export function prefixCacheBudget(env: Record<string, string | undefined> = process.env): number {
  return prefixCacheMb(env) * 2 ** 20;
}

export class PrefixCache {
  /** Per example: its layers' keys then values, [2L, n, d]. */
  private readonly entries = new Map<PrefixRow, tf.Tensor3D>();
  private used = 0;
  private sealed = false;
  /** A row did not fit the budget: no more are stored. */
  private full = false;

  constructor(
    private readonly decoder: SuffixDecoder,
    /** Token embeddings [B, N, d] for right-padded id rows. */
    private readonly embed: (ids: tf.Tensor2D) => tf.Tensor3D,
    private readonly padId: number,
    private readonly budgetBytes: number,
  ) {}

  /** Examples held, and their bytes. */
  get size(): number {
    return this.entries.size;
  }
  get bytes(): number {
    return this.used;
  }

  /** The batch's prefix state (inside the caller's tidy or gradient scope). */
  state(batch: PrefixRow[], drop?: DropoutCtx): PrefixState {
    if ((drop && drop.rate > 0) || this.sealed) return this.compute(batch, drop);
    const missing = [...new Set(batch.filter((r) => !this.entries.has(r)))];
    // once the budget is spent, a batch with new rows is computed whole, once
    if (missing.length && this.full) return this.compute(batch);
    // the computed state's copies are freed here; the kept entries survive the tidy
    if (missing.length) tf.tidy(() => this.store(missing, this.compute(missing)));
    return batch.every((r) => this.entries.has(r)) ? this.assemble(batch) : this.compute(batch);
  }

  /** Final hidden states [B, P, d] of suffix embeddings [B, P, d] run after each row's tokens. */
  runSuffix(batch: PrefixRow[], suffix: tf.Tensor3D, drop?: DropoutCtx): tf.Tensor3D {
    return this.decoder.encodeSuffix(this.state(batch, drop), suffix, drop);
  }

  /** After training: free every entry and store no more. */
  seal(): void {
    this.clear();
    this.sealed = true;
  }

  dispose(): void {
    this.clear();
  }

  private clear(): void {
    tf.dispose([...this.entries.values()]);
    this.entries.clear();
    this.used = 0;
  }

  private compute(rows: PrefixRow[], drop?: DropoutCtx): PrefixState {
    const lengths = rows.map((r) => r.ids.length);
    const N = Math.max(...lengths);
    const ids = rows.map((r) => [...r.ids, ...Array(N - r.ids.length).fill(this.padId)]);
    return this.decoder.prefixState(this.embed(tf.tensor2d(ids, [rows.length, N], "int32")), lengths, drop);
  }

  private store(rows: PrefixRow[], s: PrefixState): void {
    const all = tf.stack([...s.keys, ...s.values], 1) as tf.Tensor4D; // [B, 2L, N, d]
    const [, twoL, , d] = all.shape;
    rows.forEach((r, b) => {
      const n = r.ids.length, bytes = twoL * n * d * 4;
      if (this.full || this.used + bytes > this.budgetBytes) {
        this.full = true;
        return;
      }
      this.entries.set(r, tf.keep(tf.reshape(tf.slice(all, [b, 0, 0, 0], [1, twoL, n, d]), [twoL, n, d])));
      this.used += bytes;
    });
  }

  private assemble(batch: PrefixRow[]): PrefixState {
    const lengths = batch.map((r) => r.ids.length);
    const N = Math.max(...lengths);
    const rows = batch.map((r) => {
      const e = this.entries.get(r)!;
      return e.shape[1] === N ? e : tf.pad(e, [[0, 0], [0, N - e.shape[1]], [0, 0]]);
    });
    const layers = tf.unstack(tf.stack(rows), 1) as tf.Tensor3D[]; // 2L x [B, N, d]
    const L = layers.length / 2;
    return { keys: layers.slice(0, L), values: layers.slice(L), lengths };
  }
}
