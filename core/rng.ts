// Seeded randomness for everything outside tfjs kernels: k-shot sampling, batch
// order, weight init seeds. Streams are derived by hashing named parts, so adding
// a new consumer never shifts the numbers another consumer sees.
import { createHash } from "node:crypto";

/** A 32-bit seed derived from any list of parts (strings or numbers). */
export function deriveSeed(...parts: (string | number)[]): number {
  const h = createHash("sha256").update(JSON.stringify(parts)).digest();
  return h.readUInt32LE(0);
}

/** mulberry32: small, fast, good enough for sampling; exactly reproducible. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Fisher-Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const a = items.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
}

/** n draws from N(0, std^2) by Box-Muller, both values of each pair used (how the project initialises new weights). */
export function normals(n: number, std: number, rng: Rng): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(rng.next(), 1e-12), v = rng.next();
    const r = Math.sqrt(-2 * Math.log(u)) * std;
    a[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) a[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return a;
}
