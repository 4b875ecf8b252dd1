// The typology correlations a spec adds to its accuracy table (correlation
// block, role "added"): per backbone and row (method, setting, k, swept value)
// and per column, Pearson's r and Spearman's rho between each target
// language's mean accuracy over seeds and its similarity to English (−lang2vec
// distance) or the backbone's pretraining share, in SPT Table 1's conventions
// (analysis/spt-table1.ts languageVariable). Intervals: a two-stage bootstrap
// over languages and, within each, its seeds (stats/bootstrap-correlation.ts),
// seeded from the row and column so the same records give the same intervals.
import type { Aggregate, SeedRow } from "../core/aggregate.ts";
import { deriveSeed, Rng } from "../core/rng.ts";
import type { Typology } from "../datasets/distances.ts";
import type { PretrainingShares } from "../datasets/pretraining-shares.ts";
import { columnUnavailable } from "./correlate.ts";
import { languageVariable } from "./spt-table1.ts";
import { pearson, spearman } from "./stats/index.ts";
import { bootstrapCorrelation, DEFAULT_RESAMPLES, seedMeanPool } from "./stats/bootstrap-correlation.ts";

/** The bootstrap every report uses: fixed, so that reports of the same records agree. */
export const TYPOLOGY_BOOTSTRAP = { resamples: DEFAULT_RESAMPLES, confidence: 0.95 } as const;

/** A language's value in a column (null: no data), and why a column has none for a backbone (null: it has). */
export interface LanguageVariables {
  value(column: string, backbone: string, language: string): number | null;
  unavailable(column: string, backbone: string): string | null;
}

export interface CorrelationEstimate {
  /** Pearson's r or Spearman's rho on the languages' seed means. */
  estimate: number;
  /** t-test on n − 2 df (scipy.stats.pearsonr's and spearmanr's p). */
  pValue: number;
  /** Two-stage bootstrap percentile interval; null when most replicates had no r. */
  ci: [number, number] | null;
}

/** One row of an aggregate table (its identity as analyze.ts names it) against one column. */
export interface TypologyCorrelation
  extends Pick<Aggregate, "backbone" | "method" | "methodLabel" | "goldenMethod" | "setting" | "k" | "x"> {
  /** The column: data, syn, geo, inv, gen, phon, fea. */
  key: string;
  /** Languages that entered, and the fewest and most seeds one of them had. */
  n: number;
  seeds: [number, number];
  pearson: CorrelationEstimate | null;
  spearman: CorrelationEstimate | null;
  resamples: number;
  /** Bootstrap replicates without an r (all drawn accuracies or values equal). */
  undefinedResamples: number;
  /** Target languages left out for lack of data of this column. */
  missing: string[];
  /** Why there is no r although languages entered (fewer than 3, or constant data). */
  undefinedBecause?: string;
}

/** A row's name: its label, with the setting, k and swept value that tell it from the others. */
export function typologyRowLabel(r: TypologyCorrelation, sweepParam = "x"): string {
  const axes = [
    r.setting ? r.setting.replace(/^source:/, "") : "",
    r.k !== undefined ? `k=${r.k}` : "",
    r.x !== undefined ? `${sweepParam}=${r.x}` : "",
  ].filter(Boolean).join(", ");
  return axes ? `${r.methodLabel} (${axes})` : r.methodLabel;
}

/** The variables from the lang2vec typology and the pretraining shares; a code the typology does not know has no data. */
export function languageVariables(typology: Typology, shares: PretrainingShares): LanguageVariables {
  return {
    value(column, backbone, language) {
      let iso: string;
      try {
        // dataset codes (ar, eng_Latn) as ISO 639-3, which the share sheets are keyed by
        iso = typology.resolve(language.split("_")[0]);
      } catch {
        return null;
      }
      return languageVariable(column, backbone, iso, typology, shares);
    },
    unavailable: columnUnavailable,
  };
}

const rowKey = (r: SeedRow) => JSON.stringify([r.backbone, r.method, r.setting, r.k, r.x]);
const constant = (xs: number[]) => xs.every((x) => x === xs[0]);

/** One entry per backbone, row and available column, from the per-seed language accuracies. */
export function typologyCorrelations(
  langRows: SeedRow[],
  columns: string[],
  variables: LanguageVariables,
  bootstrap: { resamples: number; confidence: number } = TYPOLOGY_BOOTSTRAP,
): TypologyCorrelation[] {
  const series = new Map<string, SeedRow[]>();
  for (const r of langRows) (series.get(rowKey(r)) ?? series.set(rowKey(r), []).get(rowKey(r))!).push(r);
  const out: TypologyCorrelation[] = [];
  for (const rows of series.values()) {
    const head = rows[0];
    // languages in key order and seeds in seed order: the bootstrap's draws do not depend on record order
    const byLanguage = new Map<string, SeedRow[]>();
    for (const r of rows) (byLanguage.get(r.key) ?? byLanguage.set(r.key, []).get(r.key)!).push(r);
    const languages = [...byLanguage.keys()].sort();
    // each language's seed accuracies and their mean, once per row (its columns share them)
    const accuracies = new Map(
      languages.map((l) => [l, byLanguage.get(l)!.slice().sort((a, b) => a.seed - b.seed).map((r) => r.acc)]),
    );
    const seedMean = new Map([...accuracies].map(([l, a]) => [l, a.reduce((s, x) => s + x, 0) / a.length]));
    // stage two once per row, shared by its columns (stats/bootstrap-correlation.ts seedMeanPool)
    const rng = new Rng(
      deriveSeed("typology-seeds", head.backbone, head.method, head.setting, head.k ?? "", head.x ?? ""),
    );
    const pools = new Map(languages.map((l) => [l, seedMeanPool(accuracies.get(l)!, bootstrap.resamples, rng)]));
    for (const key of columns) {
      if (variables.unavailable(key, head.backbone)) continue;
      const units: { language: string; value: number; replicates: number[]; pool: Float64Array; mean: number }[] = [],
        missing: string[] = [];
      for (const l of languages) {
        const value = variables.value(key, head.backbone, l);
        if (value === null) missing.push(l);
        else {
          units.push({
            language: l,
            value,
            replicates: accuracies.get(l)!,
            pool: pools.get(l)!,
            mean: seedMean.get(l)!,
          });
        }
      }
      const means = units.map((u) => u.mean);
      const values = units.map((u) => u.value);
      const why = units.length < 3
        ? `${units.length} languages with data: r needs 3`
        : constant(means)
        ? "the accuracy is the same in every language: r is undefined"
        : constant(values)
        ? "the variable is the same for every language: r is undefined"
        : null;
      const boot = why ? null : bootstrapCorrelation(units, {
        ...bootstrap,
        seed: deriveSeed(
          "typology-correlation",
          head.backbone,
          head.method,
          head.setting,
          head.k ?? "",
          head.x ?? "",
          key,
        ),
      });
      const p = why ? null : pearson(means, values), s = why ? null : spearman(means, values);
      const counts = units.map((u) => u.replicates.length);
      out.push({
        backbone: head.backbone,
        method: head.method,
        methodLabel: head.methodLabel,
        goldenMethod: head.goldenMethod,
        ...(head.setting ? { setting: head.setting } : {}),
        ...(head.k === null ? {} : { k: head.k }),
        ...(head.x === null ? {} : { x: head.x }),
        key,
        n: units.length,
        seeds: counts.length ? [Math.min(...counts), Math.max(...counts)] : [0, 0],
        pearson: p && boot ? { estimate: p.r, pValue: p.pValue, ci: boot.pearson } : null,
        spearman: s && boot ? { estimate: s.rho, pValue: s.pValue, ci: boot.spearman } : null,
        resamples: boot?.resamples ?? 0,
        undefinedResamples: boot?.undefinedResamples ?? 0,
        missing,
        ...(why ? { undefinedBecause: why } : {}),
      });
    }
  }
  return out;
}
