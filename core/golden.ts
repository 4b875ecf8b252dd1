// The golden files: the papers' numbers (and our own recorded runs) as data, with
// the band policy that judges a reproduced number, and the check rows a judgement gives.
export type BandPolicy =
  | {
    type: "welch";
    confidence: number; /** TOST margin in the metric's units (e.g. 2 accuracy points). */
    equivalenceMargin?: number;
  }
  | { type: "exact"; tolerance: number };

export interface GoldenCell {
  /** Hub id@revision as the specs name backbones (e.g. "FacebookAI/xlm-roberta-large@main"). */
  backbone: string;
  /** Method id, as the spec names it (e.g. "spt", "xpe", "spt-mf"). */
  method: string;
  /** language: one language; group: an average over languages; test: a statistic comparing rows (a p-value); correlation: a correlation over languages. */
  kind: "group" | "language" | "test" | "correlation";
  /** The dataset's own code for a language (fra_Latn, fr), a group id, or the name of a correlate/test. */
  key: string;
  label?: string;
  /** ISO 639-3 code of a language cell. */
  iso639_3?: string;
  /** Training examples per class (k-shot); absent for zero-shot and fully supervised cells. */
  k?: number;
  /** The swept parameter's value (figures swept over a method parameter, e.g. UniPrompt Figure 4's tower layers). */
  x?: number;
  /** What else identifies the cell within its table (e.g. "source:EnArZho", "full-supervision", "init:english-words"). */
  setting?: string;
  /** What the number is when it is not the file's metric (e.g. "p-value", "pearson-r"). */
  measure?: string;
  mean: number | null;
  std?: number | null;
  n?: number;
  decimals?: number;
  stdDecimals?: number;
  bold?: boolean;
  cited?: boolean;
  /** For source-paper cells cited by this paper: where they come from. */
  citedFrom?: string;
  note?: string;
  /** The printed value is an average of these sibling cells (same backbone, method, k, setting, measure). */
  averageOf?: string[];
  /** For groups recorded from our own runs: the languages averaged. */
  members?: string[];
}

export interface GoldenFile {
  /** Paper goldens: the paper id (uniprompt, mpt, spt, xpe) and table (table2, tableI). */
  paper?: string;
  table?: string;
  caption?: string;
  /** The spec whose paper profile is judged against this file, when there is one. */
  spec?: string;
  /** Only the cells whose fields equal these values are judged for that spec (e.g. {"setting": "source:EnArZho"}). */
  specSelect?: Record<string, string | number>;
  profile: string;
  source: string;
  metric: string;
  seedsPerCell?: number;
  policy: BandPolicy;
  notes?: string[];
  backend?: string;
  recordedFrom?: { gitCommit: string | null; cells: string[]; recordedAt: string };
  cells: GoldenCell[];
}

export type Verdict = "pass" | "fail" | "not-run" | "no-published-value" | "cited" | "not-judged";

/** The three-way verdict of a paper golden's judged cell (analysis/verdicts.ts). */
export type Outcome = "reproduced" | "differs" | "inconclusive";

export interface CheckRow {
  backbone: string;
  method: string;
  kind: string;
  key: string;
  k?: number;
  setting?: string;
  x?: number;
  golden: number | null;
  goldenStd: number | null;
  ours: number | null;
  oursStd: number | null;
  oursN: number;
  diff: number | null;
  band: number | null;
  verdict: Verdict;
  why?: string;
  /** Welch p-value of "no difference" after the rounding half-unit (paper goldens). */
  p?: number;
  /** p adjusted by Holm over every judged cell of the table. */
  pHolm?: number;
  /** TOST equivalence within the policy's margin (plus the rounding half-unit); pHolm: adjusted over the table. */
  tost?: { margin: number; p: number; equivalent: boolean; pHolm?: number };
  /** Paper goldens: reproduced (Holm-adjusted TOST rejects), differs (Holm-adjusted pHolm rejects), inconclusive. */
  outcome?: Outcome;
  /** Why the outcome reads as it does, when that needs saying (no margin in the file; equivalent yet different). */
  outcomeWhy?: string;
  /** Minimum detectable |ours - published| at alpha = 1 - confidence and power 0.8, at the observed spreads. */
  mdd?: number;
  /** Inconclusive cells: the test that would decide them (TOST inside the margin, else the difference test). */
  decidingTest?: "equivalence" | "difference";
  /** Inconclusive cells: our seeds at which that test has power 0.8 (null: more than 100). */
  seedsNeeded?: number | null;
}
