// Prompt templates as strings: literal text, one `<mask>` (the slot the label
// word fills), the input's place (`{text}`, and `{text2}` for a text pair), and
// optionally `<prompt>` (where soft prompt vectors go). Rendered to token ids
// as LM-BFF (Gao et al., 2021), whose code the UniPrompt authors extend, builds
// them: each literal part and each input is tokenized on its own (no specials),
// the parts are concatenated in order, and the tokenizer's own special tokens
// wrap the whole (XLM-R: <s> ... </s>). Only the inputs are ever cut to fit the
// token budget, longest first, so the template and the specials stay intact.
import type { TextTokenizer } from "../models/tokenizer.ts";

export type Piece = { kind: "literal"; text: string } | { kind: "mask" } | { kind: "prompt" } | {
  kind: "input";
  field: "text" | "text2";
};

const TOKEN = /(<mask>|<prompt>|\{text2?\})/;

export type Field = "text" | "text2";

/** A parsed template, with where it came from for error messages. */
export interface Template {
  source: string;
  where: string;
  pieces: Piece[];
}

/** `inputs`: the fields the template must place (a template without the input would classify nothing but itself). */
export function parseTemplate(template: string, where: string, inputs: Field[] = ["text"]): Template {
  const pieces: Piece[] = [];
  for (const part of template.split(TOKEN)) {
    if (part === "<mask>") pieces.push({ kind: "mask" });
    else if (part === "<prompt>") pieces.push({ kind: "prompt" });
    else if (part === "{text}" || part === "{text2}") {
      pieces.push({ kind: "input", field: part === "{text}" ? "text" : "text2" });
    } else if (part.trim()) pieces.push({ kind: "literal", text: part.trim() });
  }
  const count = (k: Piece["kind"]) => pieces.filter((p) => p.kind === k).length;
  if (count("mask") !== 1) {
    throw new Error(`${where}: template ${JSON.stringify(template)} must contain <mask> exactly once`);
  }
  if (count("prompt") > 1) {
    throw new Error(`${where}: template ${JSON.stringify(template)} has <prompt> more than once`);
  }
  const fields = pieces.filter((p) => p.kind === "input").map((p) => (p as { field: string }).field);
  if (new Set(fields).size !== fields.length) {
    throw new Error(`${where}: template ${JSON.stringify(template)} repeats an input`);
  }
  const missing = inputs.find((f) => !fields.includes(f));
  if (missing) {
    throw new Error(`${where}: template ${JSON.stringify(template)} has no {${missing}}: the input would not be read`);
  }
  return { source: template, where, pieces };
}

/** The template without its inputs (e.g. what UniPrompt's template tower reads). */
export function withoutInputs(t: Template): Template {
  return { ...t, pieces: t.pieces.filter((p) => p.kind !== "input") };
}

export interface Rendered {
  ids: number[];
  /** Index of <mask> in ids. */
  maskAt: number;
  /** Index of the first soft prompt slot (filled with `promptLength` pad ids), or -1. */
  promptAt: number;
}

/** Token ids of a template with its inputs; literal parts are tokenized once per tokenizer and template. */
export function renderTemplate(
  template: Template,
  tok: TextTokenizer,
  inputs: { text?: string; text2?: string },
  maxLength: number,
  promptLength = 0,
): Rendered {
  const { pieces, where } = template;
  const { prefix, suffix } = tok.specials();
  if (tok.maskId === undefined) throw new Error(`${where}: a prompt template needs a tokenizer with a <mask> token`);
  const fixed: number[][] = [];
  const inputIds = new Map<number, number[]>();
  pieces.forEach((p, i) => {
    if (p.kind === "input") {
      const t = inputs[p.field];
      if (t === undefined) {
        throw new Error(
          `${where}: template ${JSON.stringify(template.source)} reads {${p.field}}, which this example does not have`,
        );
      }
      inputIds.set(i, tok.tokenIds(t));
    } else {fixed[i] = p.kind === "literal"
        ? literalIds(tok, p.text)
        : p.kind === "mask"
        ? [tok.maskId!]
        : new Array(promptLength).fill(tok.padId);}
  });
  const fixedLength = prefix.length + suffix.length + fixed.reduce((n, f) => n + (f?.length ?? 0), 0);
  let over = fixedLength + [...inputIds.values()].reduce((n, x) => n + x.length, 0) - maxLength;
  if (fixedLength > maxLength) {
    throw new Error(
      `${where}: template ${
        JSON.stringify(template.source)
      } and the special tokens take ${fixedLength} tokens, more than maxLength ${maxLength}`,
    );
  }
  // longest first: take one token from the end of the longest input (the first of equals) until it fits
  const keep = new Map([...inputIds].map(([i, x]) => [i, x.length]));
  for (; over > 0; over--) {
    const [i] = [...keep].reduce((a, b) => (b[1] > a[1] ? b : a));
    keep.set(i, keep.get(i)! - 1);
  }
  for (const [i, n] of keep) inputIds.set(i, inputIds.get(i)!.slice(0, n));
  const ids = [...prefix];
  let maskAt = -1, promptAt = -1;
  pieces.forEach((p, i) => {
    if (p.kind === "mask") maskAt = ids.length;
    if (p.kind === "prompt") promptAt = ids.length;
    ids.push(...(p.kind === "input" ? inputIds.get(i)! : fixed[i]));
  });
  ids.push(...suffix);
  return { ids, maskAt, promptAt };
}

const literalCache = new WeakMap<TextTokenizer, Map<string, number[]>>();
function literalIds(tok: TextTokenizer, text: string): number[] {
  const m = literalCache.get(tok) ?? literalCache.set(tok, new Map()).get(tok)!;
  return m.get(text) ?? m.set(text, tok.tokenIds(text)).get(text)!;
}
