// A multi-layer (optionally bidirectional) LSTM over one short sequence, as
// torch.nn.LSTM defines it (gates in the order input, forget, cell, output;
// c' = f*c + i*g, h' = o*tanh(c'); a bidirectional layer concatenates the
// forward and backward outputs; every weight and bias U(-1/sqrt(H), 1/sqrt(H))).
// Used by prompt encoders and translators over a handful of prompt vectors, so
// the time loop is plain JavaScript.
import { tf, variableFrom } from "../models/backend.ts";
import { mm } from "../models/linalg.ts";
import type { Rng } from "../core/rng.ts";

interface Direction {
  /** [in, 4H] and [H, 4H], stored transposed against torch for row-vector products. */
  wIh: tf.Variable;
  wHh: tf.Variable;
  /** b_ih + b_hh are kept apart as torch does, so counts match its parameter count. */
  bIh: tf.Variable;
  bHh: tf.Variable;
}

export class Lstm {
  readonly layers: Direction[][];

  constructor(
    readonly inputSize: number,
    readonly hidden: number,
    numLayers: number,
    readonly bidirectional: boolean,
    rng: Rng,
  ) {
    const bound = 1 / Math.sqrt(hidden);
    const u = (shape: number[]) =>
      variableFrom(
        tf.tensor(
          Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => (rng.next() * 2 - 1) * bound),
          shape,
        ),
        true,
      );
    const dirs = bidirectional ? 2 : 1;
    this.layers = Array.from({ length: numLayers }, (_, l) => {
      const inp = l === 0 ? inputSize : hidden * dirs;
      return Array.from(
        { length: dirs },
        () => ({ wIh: u([inp, 4 * hidden]), wHh: u([hidden, 4 * hidden]), bIh: u([4 * hidden]), bHh: u([4 * hidden]) }),
      );
    });
  }

  /** Width of each output row: H, or 2H when bidirectional. */
  get outputSize(): number {
    return this.hidden * (this.bidirectional ? 2 : 1);
  }

  /** Outputs [T, outputSize] of the top layer for an input sequence [T, inputSize], zero initial states. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    let seq = x;
    for (const layer of this.layers) {
      const outs = layer.map((dir, i) => this.run(seq, dir, i === 1));
      seq = outs.length === 1 ? outs[0] : (tf.concat(outs, 1) as tf.Tensor2D);
    }
    return seq;
  }

  private run(x: tf.Tensor2D, d: Direction, reverse: boolean): tf.Tensor2D {
    const T = x.shape[0], H = this.hidden;
    // the input projection of every step at once
    const xProj = tf.add(tf.add(mm(x, d.wIh as unknown as tf.Tensor2D), d.bIh), d.bHh) as tf.Tensor2D;
    let h: tf.Tensor2D = tf.zeros([1, H]);
    let c: tf.Tensor2D = tf.zeros([1, H]);
    const out: tf.Tensor2D[] = new Array(T);
    for (let s = 0; s < T; s++) {
      const t = reverse ? T - 1 - s : s;
      const gates = tf.add(tf.slice(xProj, [t, 0], [1, 4 * H]), mm(h, d.wHh as unknown as tf.Tensor2D));
      const [i, f, g, o] = tf.split(gates, 4, 1);
      c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
      h = tf.mul(tf.sigmoid(o), tf.tanh(c));
      out[t] = h;
    }
    return tf.concat(out, 0) as tf.Tensor2D;
  }

  variables(): tf.Variable[] {
    return this.layers.flat().flatMap((d) => [d.wIh, d.wHh, d.bIh, d.bHh]);
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
  }
}
