// The benchmark spec: one JSON file per results table (specs/*.json). Its
// checkers here are the one source of its types (Infer), of its load-time
// check (plan/spec-schema.ts adds what needs the registries or other specs)
// and of specs/spec.schema.json (scripts/spec-schema.ts writes it).
import {
  arr,
  bool,
  describe,
  distinct,
  either,
  goldenFile,
  type Infer,
  label,
  listOr,
  num,
  obj,
  oneOf,
  optional,
  posInt,
  record,
  safeName,
  str,
} from "./check.ts";
import { type SeedDesign, seedDesign } from "./seed.ts";
import { methodParams, profile } from "./spec-profile.ts";

export type { BackboneRef } from "./backbone-ref.ts";
export type { BackboneEntry, MethodParamValues, Profile, TrainingConfig } from "./spec-profile.ts";

/** The JSON Schema of specs, next to them in specs/; loadSpecDir skips it. */
export const SPEC_SCHEMA_FILE = "spec.schema.json";

const languages = optional(arr(str, { min: 1 }));

/** Report option: which accuracy the cost charts (every report has them) draw. */
const costFront = describe(
  optional(obj({
    key: describe(
      optional(str),
      "The target group or language drawn (else the average, targets.averageKey, where the run has it, else the widest target group).",
    ),
  })),
  "The accuracy every report's cost charts draw against trainable parameters (the Pareto front marked) and training time: docs/specs-and-profiles.md.",
);

export const methodEntry = obj({
  id: describe(
    safeName,
    "The row's id in this spec (also seeds the method's initialisation, so rows with the same id, method and parameters are one cell across specs).",
  ),
  method: describe(
    str,
    "A methods/registry.ts id (spt, xpe, finetune, english-prompt, translation-prompt, soft-prompt, uniprompt, ...).",
  ),
  label,
  params: methodParams,
  golden: describe(
    optional(obj({ method: optional(str), setting: optional(str) })),
    'How the golden file names this row, when not by `id` (ablation rows of one method: {"method": "uniprompt", "setting": "init:random"}).',
  ),
  sources: describe(
    optional(distinct(arr(str, { min: 1 }))),
    "The source sets (task.sourceSets names) this row trains on (else every set).",
  ),
  figure: describe(
    optional(arr(obj({ panel: str, x: either(num, str, "a number or a string") }), { min: 1 })),
    'Where the row sits in a figure of rows (figure.x "row"): its panel(s) and its value on each panel\'s axis (a default setting stands in several panels).',
  ),
});

export const sourceSet = describe(
  obj({ name: str, group: optional(str), languages }),
  'A named set of source languages (XPE: En, EnArZho, Joshi5, Seen), a group or explicit codes; rows trained on it carry the golden setting "source:<name>".',
);

const task = obj({
  setting: describe(
    oneOf("zero-shot", "few-shot", "full-supervision"),
    "full-supervision: sequential transfer, a first stage on the sources, then one model per target language trained on that language.",
  ),
  sources: describe(obj({ group: optional(str), languages }), "Source languages: a group name or explicit codes."),
  sourceSets: describe(
    optional(arr(sourceSet, { min: 1 })),
    "Several source sets: every row runs on each (or on its `sources`), the set's name a column of the table. Replaces `sources`.",
  ),
  trainShots: describe(
    listOr(
      distinct(arr(posInt, { min: 1 })),
      either(posInt, oneOf("all"), 'a positive integer, "all" or a list of positive integers'),
    ),
    'k per class, or "all" training data; a list makes k a column of the table (one row per k, as UniPrompt Table 2).',
  ),
  devShots: describe(
    either(posInt, oneOf("all", "given", "k", "k/4"), 'a positive integer, "all", "given", "k" or "k/4"'),
    'Dev examples per class from each source\'s dev split, "all", "given" (the dataset\'s published dev split for the k and seed), "k" (as many per class as for training: the cell\'s k), or "k/4" (a quarter of it, as SPT validates).',
  ),
});

export const figure = describe(
  obj({
    x: oneOf("k", "sweep", "row", "language", "backbone", "language-sorted"),
    language: describe(
      optional(str),
      'x "k" or "sweep": the target language or group drawn (else the average, targets.averageKey).',
    ),
    caption: str,
    gain: describe(
      optional(obj({ of: str, over: str })),
      'x "language": the relative gain of method row `of` over row `over`.',
    ),
    publishedFrom: describe(
      optional(goldenFile),
      "The paper table whose published numbers the figure shows beside ours (a golden file), e.g. the same gain from Table I.",
    ),
    sortBy: describe(
      optional(str),
      'x "language-sorted": languages of each target group ordered by this row\'s accuracy (XPE Figure 2).',
    ),
    sortBySource: describe(
      optional(str),
      'x "language-sorted": the source set of sortBy\'s row, when the spec has several.',
    ),
    groups: describe(
      optional(distinct(arr(str, { min: 1 }))),
      'x "language-sorted": the target groups drawn as panels (else every group).',
    ),
  }),
  [
    'A figure. x "k" or "sweep": accuracy of `language` (or the average) against that axis, a line per method;',
    "x \"row\": a chart per panel of the rows' `figure` entries, accuracy against each row's value;",
    'x "language": the relative gain of method `gain.of` over `gain.over` per language, coloured by language family;',
    'x "backbone": the average accuracy of each row per backbone (SPT Figure 2);',
    'x "language-sorted": every row\'s accuracy per language, a panel per target group, sorted by `sortBy` (XPE Figure 2).',
  ].join(" "),
);

export const correlation = describe(
  obj({
    columns: describe(
      distinct(arr(oneOf("data", "syn", "geo", "inv", "gen", "phon", "fea"), { min: 1 })),
      'Columns: "data" (the backbone\'s pretraining share) or a lang2vec distance type key (syn, geo, inv, gen, phon, fea).',
    ),
    role: describe(
      optional(oneOf("table", "added")),
      '"table" (default): the correlations ARE the spec\'s table (SPT Table 1: Pearson r with Fisher-z intervals, judged against its golden file, ranked nowhere); "added": an analysis beside an accuracy table, whose check and ranks stay on accuracy (Pearson and Spearman with a two-stage bootstrap over languages and seeds).',
    ),
  }),
  "Correlations of each target language's accuracy against language variables: the table itself (SPT Table 1) or an added analysis of any table.",
);

/** Whether a spec's correlations are its table (SPT Table 1), not an analysis added to an accuracy table. */
export function correlationIsTable(spec: { correlation?: { role?: "table" | "added" } }): boolean {
  return !!spec.correlation && (spec.correlation.role ?? "table") === "table";
}

const golden = describe(
  optional(goldenFile),
  "The paper's golden file, golden/<name>.json (absent: the paper prints no numbers for it, e.g. a figure).",
);
const deviations = describe(arr(str), "How this reproduction departs from the paper, and why.");

/** What every spec says of itself, derived or not. */
const header = {
  $schema: describe(optional(str), "This file's JSON Schema (./spec.schema.json), for editors; the loader ignores it."),
  id: describe(safeName, "The spec's id: its report folder and its site pages are named after it."),
  paper: describe(
    str,
    "The paper: one of the four the project reproduces (xpe, spt, mpt, uniprompt; selectors and the leaderboard know them), or a name of yours.",
  ),
  table: str,
  title: str,
  citation: str,
};

export const fullSpec = describe(
  obj({
    ...header,
    dataset: describe(str, "A datasets/registry.ts id (sib200, marc, ...)."),
    task,
    targets: describe(
      obj({ groups: optional(arr(str, { min: 1 })), languages, averageKey: optional(str) }),
      'Target languages or groups; `averageKey` names the average over them (default "all").',
    ),
    sweep: describe(
      optional(obj({ param: str, values: distinct(arr(num, { min: 1 })), label })),
      "A method parameter varied across cells (a figure's x axis): every method row runs at every value.",
    ),
    comparisons: describe(
      optional(obj({ reference: str })),
      "Paired t-tests of one method row against every other, per language (and k) over seeds, Holm-corrected across the table.",
    ),
    figure: optional(figure),
    correlation: optional(correlation),
    main: describe(optional(bool), "The paper's main results table: part of the quick-start job (`bun run bench`)."),
    costFront,
    methods: arr(methodEntry, { min: 1 }),
    metric: oneOf("accuracy"),
    labelWords: describe(arr(str, { min: 2 }), "Label words in the dataset's label order (verbalizers, prompts)."),
    golden,
    deviations,
    profiles: describe(
      record(profile, safeName),
      "The runs of this spec by name (smoke, paper, ...); every spec has a smoke profile.",
    ),
  }),
  "A spec file that defines its own cells: one results table (specs/*.json).",
);

export const derivedSpec = describe(
  obj({
    ...header,
    derivedFrom: describe(
      str,
      "The id of the spec whose cells this one analyses (running it runs or reuses them): only its analysis, figure and golden are its own.",
    ),
    figure: optional(figure),
    correlation: optional(correlation),
    golden,
    deviations,
  }),
  "A spec over another spec's cells (derivedFrom): its own identity, analysis, figure and golden; the rest is the base spec's.",
);

export const extendedSpec = describe(
  obj({
    $schema: header.$schema,
    id: header.id,
    extends: describe(
      str,
      "The id of the spec this one extends: its data, task, profiles, golden and rows, with rows added or dropped and seeds or target languages narrowed here. Rows it shares with the base are the same cells (their records are reused).",
    ),
    paper: describe(optional(str), "Default: the base's paper."),
    table: describe(optional(str), "Default: the base's table."),
    title: str,
    citation: describe(optional(str), "Default: the base's citation."),
    methods: describe(
      optional(arr(methodEntry, { min: 1 })),
      "Rows added to the base's (new ids): every profile runs them, with the profile's training; the golden check lists them as not in the paper.",
    ),
    rows: describe(optional(distinct(arr(str, { min: 1 }))), "The base's rows kept, by id (else every row)."),
    seeds: describe(
      optional(seedDesign),
      "The seeds of every profile (else each profile's own): a list, or {draw, init} crossed.",
    ),
    comparisons: describe(
      optional(obj({ reference: str })),
      "Paired t-tests of one row (your added row, say) against every other, per language over seeds, Holm-corrected; replaces the base's.",
    ),
    languages: describe(
      optional(distinct(arr(str, { min: 1 }))),
      "The target languages kept (else every target): cells evaluated on fewer languages, whose records a run of the base's cells gives without training again.",
    ),
    deviations: describe(optional(arr(str)), "Added to the base's deviations."),
    profiles: describe(
      optional(
        record(
          obj({ methodParams: optional(record(methodParams)), rows: optional(distinct(arr(str, { min: 1 }))) }),
          safeName,
        ),
      ),
      "Per base profile: parameter overrides of the rows (an added row's smoke learning rate, say), and the rows that profile runs (else the kept and added ones).",
    ),
    costFront,
  }),
  "A spec that extends another (extends): the user's rows beside the paper's on the same draws.",
);

export type MethodEntry = Infer<typeof methodEntry>;
export type SourceSet = Infer<typeof sourceSet>;
export type CorrelationAnalysis = Infer<typeof correlation>;
export type DerivedSpecFile = Infer<typeof derivedSpec>;
/** A loaded spec: a full spec's fields (a derived spec's completed from its base, naming it in derivedFrom), without $schema. */
export type Spec = Omit<Infer<typeof fullSpec>, "$schema"> & Partial<Pick<DerivedSpecFile, "derivedFrom">> & {
  /** Set when the spec extends another: what it changed (plan/spec-extends.ts). */
  extension?: Extension;
};

/** How an extending spec differs from its base. */
export interface Extension {
  /** The base spec's id (its golden files are this spec's). */
  of: string;
  /** The rows it added (not in the paper). */
  added: string[];
  /** The base's rows it dropped. */
  dropped: string[];
  /** Its own seeds, when it narrowed them. */
  seeds?: SeedDesign;
  /** The target languages it kept, when it narrowed them. */
  languages?: string[];
}
export type ExtendedSpecFile = Infer<typeof extendedSpec>;
