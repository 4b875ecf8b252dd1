// Load-time validation of specs: the checker mirrors types.ts field by field.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { arr, bool, either, nonNeg, num, obj, oneOf, optional, posInt, positive, record, SpecError, str, tagged, type Checker } from "./check.ts";
import type { BackboneRef, MethodParams, Profile, Spec } from "./types.ts";

const backbone: Checker<BackboneRef> = tagged("kind", {
  embedded: obj({ kind: oneOf("embedded"), id: str, label: optional(str) }),
  hub: obj({ kind: oneOf("hub"), id: str, revision: str, architecture: oneOf("xlm-roberta", "xglm", "bloom"), label: optional(str) }),
}) as Checker<BackboneRef>;

const groupNumbers = { prompt: optional(nonNeg), head: optional(nonNeg), backbone: optional(nonNeg) };
const methodParamFields = {
  promptLength: posInt,
  freezeBackbone: bool,
  head: oneOf("classifier", "verbalizer"),
  lr: obj({ prompt: positive, head: optional(positive), backbone: optional(positive) }),
  weightDecay: optional(obj(groupNumbers)),
  encoderLayers: optional(posInt),
  encoderHidden: optional(posInt),
};
const methodParams = obj(methodParamFields) as Checker<MethodParams>;
const partialParams = obj(Object.fromEntries(Object.entries(methodParamFields).map(([k, c]) => [k, optional(c as Checker<unknown>)]))) as Checker<Partial<MethodParams>>;

const training = obj({
  batchSize: posInt,
  maxSteps: optional(posInt),
  epochs: optional(posInt),
  evalEvery: posInt,
  maxLength: posInt,
  optimizer: oneOf("adamw", "adafactor"),
  schedule: tagged("type", {
    constant: obj({ type: oneOf("constant") }),
    linear: obj({ type: oneOf("linear"), warmupRatio: nonNeg }),
    "cosine-restarts": obj({ type: oneOf("cosine-restarts"), cycles: posInt, warmupRatio: nonNeg }),
  }),
  gradClip: optional(positive),
  dropout: optional(nonNeg),
  maxDevExamples: optional(posInt),
});

const profile = obj({
  description: str,
  backbones: arr(obj({ backbone, languages: optional(arr(str, { min: 1 })), labelWords: optional(arr(str, { min: 1 })), methodParams: optional(record(partialParams)) }), { min: 1 }),
  seeds: arr(num, { min: 1 }),
  training,
  languagesPerGroup: optional(posInt),
  languages: optional(arr(str, { min: 1 })),
  sourceLanguages: optional(arr(str, { min: 1 })),
  methodParams: optional(record(partialParams)),
  maxTrainPerLanguage: optional(posInt),
}) as Checker<Profile>;

const shots = either(posInt, oneOf("all"), 'a positive integer or "all"');

const specChecker = obj({
  $schema: optional(str),
  id: str,
  paper: oneOf("xpe", "spt", "mpt", "uniprompt"),
  table: str,
  title: str,
  citation: str,
  dataset: oneOf("sib200"),
  task: obj({
    setting: oneOf("zero-shot", "few-shot"),
    sources: obj({ group: optional(str), languages: optional(arr(str, { min: 1 })) }),
    trainShots: shots,
    devShots: shots,
  }),
  targets: obj({ groups: optional(arr(str, { min: 1 })), languages: optional(arr(str, { min: 1 })) }),
  methods: arr(obj({ id: str, method: oneOf("spt", "xpe"), label: str, params: methodParams }), { min: 1 }),
  metric: oneOf("accuracy"),
  labelWords: arr(str, { min: 2 }),
  golden: str,
  deviations: arr(str),
  profiles: record(profile),
});

/** Validate a parsed spec; `source` names the file in errors. */
export function parseSpec(raw: unknown, source: string): Spec {
  const spec = specChecker(raw, "", source) as unknown as Spec & { $schema?: string };
  delete spec.$schema;
  const ids = new Set<string>();
  spec.methods.forEach((m, i) => {
    if (ids.has(m.id)) throw new SpecError(source, `methods[${i}].id`, `duplicate method id ${JSON.stringify(m.id)}`);
    ids.add(m.id);
  });
  if (!spec.task.sources.group && !spec.task.sources.languages) throw new SpecError(source, "task.sources", "needs a group or languages");
  if (!spec.targets.groups && !spec.targets.languages) throw new SpecError(source, "targets", "needs groups or languages");
  for (const [name, p] of Object.entries(spec.profiles)) {
    if (!p.training.maxSteps === !p.training.epochs) {
      throw new SpecError(source, `profiles.${name}.training`, "needs exactly one of maxSteps and epochs");
    }
    for (const [mid] of Object.entries(p.methodParams ?? {})) {
      if (!ids.has(mid)) throw new SpecError(source, `profiles.${name}.methodParams.${mid}`, `no method with id ${JSON.stringify(mid)}`);
    }
  }
  if (!spec.profiles.smoke) throw new SpecError(source, "profiles.smoke", "missing (every spec has a smoke profile)");
  return spec;
}

export function loadSpecFile(path: string): Spec {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new SpecError(path, "", `not valid JSON (${(e as Error).message})`);
  }
  return parseSpec(raw, path);
}

export function loadSpecDir(dir: string): Spec[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => loadSpecFile(join(dir, f)));
}
