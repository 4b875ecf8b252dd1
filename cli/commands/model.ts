// `bench model`: load a checkpoint (directory or Hub id), run token ids or a
// text through it and print tokens, a summary of the final hidden states and
// the LM head's top-k logits per position: numbers any other implementation
// can be compared with, no code needed.
import { initBackend, tf } from "../../models/backend.ts";
import { resolveModelDir } from "../../models/hub.ts";
import { loadCheckpoint } from "../../models/pretrained.ts";
import { textTable } from "../../core/text-table.ts";
import { reading, UsageError } from "../../core/errors.ts";
import { MODEL_FLAGS as FLAGS } from "../command-flags.ts";
import { flagLines, parseFlags, parseList } from "../flags.ts";
import type { IO } from "../io.ts";

export const help =
  `usage: bun run bench model <dir|hub-id> [--revision R] (--ids 0,5,6,2 | --text "...") [--top K] [--json]

Tokens, final hidden-state summary and top-k LM logits per position of a checkpoint
(a directory or a Hub id): numbers any other implementation can be compared with.

${flagLines(FLAGS)}`;

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, "model", {
    most: 1,
    what: "one checkpoint (a folder or a Hub id)",
  });
  if (values.help) {
    io.print(help);
    return 0;
  }
  const [arg] = positionals;
  if (!arg) throw new UsageError("model needs a directory or a Hub id");
  const top = values.top === undefined ? 5 : Number(values.top);
  if (!Number.isInteger(top) || top < 1) {
    throw new UsageError(`--top: expected a positive integer, got "${values.top}"`);
  }
  if ((values.ids === undefined) === (values.text === undefined)) {
    throw new UsageError('model: give either --ids 0,5,6,2 or --text "..."');
  }
  // a sequence of tokens: order and repeats are the input
  const ids = parseList(values.ids, "--ids", { integers: true, repeats: true }) as number[] | undefined;
  const negative = ids?.find((i) => i < 0);
  if (negative !== undefined) throw new UsageError(`--ids: ${negative} is not a token id (ids are >= 0)`);
  const r = await reading(
    arg,
    () => inspectModel({ ref: arg, revision: values.revision, ids, text: values.text, top }, io.error),
  );
  if (values.json) io.print(JSON.stringify(r, null, 2));
  else {
    io.print(`${r.architecture} from ${r.model} (backend ${r.backend})`);
    io.print(
      `hidden ${JSON.stringify(r.hidden.shape)}: mean ${r.hidden.mean.toFixed(6)} std ${r.hidden.std.toFixed(6)} min ${
        r.hidden.min.toFixed(4)
      } max ${r.hidden.max.toFixed(4)}`,
    );
    io.print(
      textTable(
        ["pos", "id", "token", `top-${top} logits`],
        r.ids.map((id, p) => [
          String(p),
          String(id),
          r.tokens[p],
          r.logits.top[p].map((t) => `${t.token}:${t.logit.toFixed(3)}`).join(" "),
        ]),
      ),
    );
  }
  return 0;
}

export interface InspectOptions {
  ref: string;
  revision?: string;
  ids?: number[];
  text?: string;
  top: number;
}

export async function inspectModel(o: InspectOptions, log?: (m: string) => void) {
  const backend = await initBackend();
  const dir = await resolveModelDir(o.ref, o.revision ?? "main", undefined, log);
  const { model, tokenizer, weightsSha256, architecture } = loadCheckpoint(dir);
  try {
    const ids = o.ids ?? tokenizer.encode(o.text ?? "");
    if (!ids.length) throw new UsageError(`--text ${JSON.stringify(o.text ?? "")}: no tokens`);
    for (const i of ids) {
      if (!Number.isInteger(i) || i < 0 || i >= model.config.vocab_size) {
        throw new UsageError(`--ids: ${i} is outside the vocabulary (0..${model.config.vocab_size - 1})`);
      }
    }
    const t = tf.tidy(() => {
      const h = model.encodeIds([ids], [ids.map(() => 1)]);
      const flat = tf.reshape(h, [ids.length, model.hidden]) as tf.Tensor2D;
      const { mean, variance } = tf.moments(flat);
      const top = tf.topk(model.lmLogits(flat), o.top);
      return { flat, mean, variance, min: tf.min(flat), max: tf.max(flat), values: top.values, indices: top.indices };
    });
    try {
      // asynchronous reads: WebGPU under Deno has no synchronous one
      const vals = (await t.values.array()) as number[][];
      const idx = (await t.indices.array()) as number[][];
      const hv = (await t.flat.array()) as number[][];
      const one = async (x: tf.Tensor) => (await x.data())[0];
      return {
        model: dir,
        backend,
        architecture,
        weightsSha256,
        ids,
        tokens: ids.map((i) => tokenizer.tokenOf(i) ?? `<${i}>`),
        hidden: {
          shape: [1, ids.length, model.hidden],
          mean: await one(t.mean),
          std: Math.sqrt(await one(t.variance)),
          min: await one(t.min),
          max: await one(t.max),
          first: hv.map((r) => r.slice(0, 4)),
        },
        logits: {
          shape: [1, ids.length, model.config.vocab_size],
          top: idx.map((row, p) =>
            row.map((id, j) => ({ id, token: tokenizer.tokenOf(id) ?? `<${id}>`, logit: vals[p][j] }))
          ),
        },
      };
    } finally {
      tf.dispose(Object.values(t));
    }
  } finally {
    model.dispose();
  }
}
