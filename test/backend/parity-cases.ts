// What the backend parity probe (parity-probe.ts) runs for each registered
// method: its cases, keyed by method id, each with small parameters for the
// tiny checkpoints, the examples it reads (single texts or text pairs) and the
// architectures it runs on. The list of methods comes from the registry
// (methods/registry.ts), so a newly registered method without a case here
// fails parity.test.ts, naming it, instead of going unchecked on WebGPU.
import type { Architecture } from "../../core/architectures.ts";
import { methodIds, methodInfo } from "../../methods/registry.ts";
import { CASES, PAIR_CASES } from "../methods/helpers.ts";

export interface ParityCase {
  /** The case's name in the probe's output keys, after the architecture ("xlm-roberta uniprompt: loss"). */
  name: string;
  method: string;
  params: Record<string, unknown>;
  /** Single texts (MARC-like, five classes) or text pairs (XNLI-like, three classes, a parallel corpus). */
  examples: "single" | "pair";
  architectures: readonly Architecture[];
}

/** The architectures the probe has tiny checkpoints of. */
const PROBE_ARCHITECTURES = ["xlm-roberta", "xglm", "bloom"] as const satisfies readonly Architecture[];

/** The prompt-tuning methods of XPE's and SPT's tables, which run on encoders and decoders alike. */
const PROMPT = { promptLength: 4, freezeBackbone: true, head: "verbalizer", lr: { prompt: 0.05 } };
const PROMPT_CASES: Record<string, { method: string; params: Record<string, unknown> }> = {
  spt: { method: "spt", params: PROMPT },
  "spt, residual reparameterization": {
    method: "spt",
    params: { ...PROMPT, reparameterization: "residual", bottleneck: 6 },
  },
  xpe: { method: "xpe", params: PROMPT },
  "dual, xpeShare 0.5": { method: "dual", params: { ...PROMPT, xpeShare: 0.5, lr: { prompt: 0.05, encoder: 0.01 } } },
};

const cases = (
  table: Record<string, { method: string; params: Record<string, unknown> }>,
  examples: ParityCase["examples"],
  architectures: readonly Architecture[],
): ParityCase[] =>
  Object.entries(table).map(([name, c]) => ({ name, method: c.method, params: c.params, examples, architectures }));

/**
 * The cases of methods that the method tests' tables (test/methods/helpers.ts) do not build: a new method's case goes
 * here (what the failure for a method without one prints, filled in), and is checked on WebGPU with no other test.
 */
const MORE_CASES: ParityCase[] = [
  { name: "lora", method: "lora", params: { lr: 0.01 }, examples: "single", architectures: ["xlm-roberta"] },
  {
    name: "lora, all six projections",
    method: "lora",
    params: { lr: 0.01, targets: ["query", "key", "value", "attnOut", "ffnIn", "ffnOut"], r: 4, alpha: 8 },
    examples: "single",
    architectures: ["xlm-roberta"],
  },
  { name: "ia3", method: "ia3", params: { lr: 0.01 }, examples: "single", architectures: ["xlm-roberta"] },
  {
    name: "prefix-tuning",
    method: "prefix-tuning",
    params: { lr: 0.01, prefixLength: 4 },
    examples: "single",
    architectures: ["xlm-roberta"],
  },
  {
    name: "prefix-tuning, projection",
    method: "prefix-tuning",
    params: { lr: 0.01, prefixLength: 4, projection: true, projectionHidden: 8 },
    examples: "single",
    architectures: ["xlm-roberta"],
  },
];

const ALL: ParityCase[] = [
  // each method of UniPrompt's tables (and SPT w/ MF) on the tiny encoder, as the method tests build them
  ...cases(CASES, "single", ["xlm-roberta"]),
  // the methods of MPT's tables, on text pairs
  ...cases(PAIR_CASES, "pair", ["xlm-roberta"]),
  ...cases(PROMPT_CASES, "single", PROBE_ARCHITECTURES),
  ...MORE_CASES,
];

/** The parity cases of each method id. */
export const PARITY_CASES: Record<string, ParityCase[]> = {};
for (const c of ALL) (PARITY_CASES[c.method] ??= []).push(c);

/** Registered methods without a parity case, and cases naming a method the registry does not know. */
export function parityGaps(): { missing: string[]; unknown: string[] } {
  const ids = methodIds();
  return {
    missing: ids.filter((id) => !PARITY_CASES[id]?.length),
    unknown: Object.keys(PARITY_CASES).filter((id) => !ids.includes(id)).sort(),
  };
}

/** What to add for registered methods without a parity case: where, and each one's entry, to be filled in. */
export function missingCasesHelp(missing: string[]): string {
  const entry = (id: string) => {
    const on = methodInfo(id).architectures;
    const archs = PROBE_ARCHITECTURES.filter((a) => !on || on.includes(a));
    return `  { name: ${JSON.stringify(id)}, method: ${
      JSON.stringify(id)
    }, params: { lr: 0.01 }, examples: "single", architectures: ${JSON.stringify(archs)} },`;
  };
  return [
    `no backend parity case for the registered method(s) ${missing.join(", ")}: a method needs one, so that WebGPU`,
    "is checked against WASM on it. Add to MORE_CASES in test/backend/parity-cases.ts (its params: small ones for the",
    'tiny checkpoints, like its spec row\'s with a few prompt tokens; examples: "pair" if it reads text pairs):',
    ...missing.map(entry),
  ].join("\n");
}

/** Every registered method's cases, in registry order; a method without one is an error naming it. */
export function parityCases(): ParityCase[] {
  const { missing, unknown } = parityGaps();
  if (missing.length) throw new Error(missingCasesHelp(missing));
  if (unknown.length) {
    throw new Error(
      `test/backend/parity-cases.ts (or test/methods/helpers.ts) has cases for methods the registry does not know: ${
        unknown.join(", ")
      } (known: ${methodIds().join(", ")})`,
    );
  }
  return methodIds().flatMap((id) => PARITY_CASES[id]);
}

/** The probe's output keys for a method case on an architecture (what parity.test.ts expects to find). */
export function parityKeys(c: ParityCase): string[] {
  return c.architectures.flatMap((arch) =>
    ["logits", "loss", "logits after a step"].map((what) => `${arch} ${c.name}: ${what}`)
  );
}

// BitFit and the bottleneck adapters (methods/bitfit.ts, methods/adapter.ts) on the tiny encoder, appended to what
// MORE_CASES gives. An adapter's up-projection starts at zero: its "logits after a step" runs its whole path.
const BITFIT_ADAPTER_CASES: Record<string, { method: string; params: Record<string, unknown> }> = {
  bitfit: { method: "bitfit", params: { lr: 0.01 } },
  "adapter, houlsby": {
    method: "adapter",
    params: { placement: "houlsby", bottleneck: 4, trainLayerNorms: true, lr: 0.01 },
  },
  "adapter, pfeiffer": { method: "adapter", params: { placement: "pfeiffer", bottleneck: 4, lr: 0.01 } },
};
for (const c of cases(BITFIT_ADAPTER_CASES, "single", ["xlm-roberta"])) (PARITY_CASES[c.method] ??= []).push(c);
