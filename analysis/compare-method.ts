// What a comparison of two runs is asked (margin, alpha, equivalence) and how
// it is computed, in words that every output repeats (text, JSON, the page).
import { CI_LEVEL } from "./compare-cell.ts";

export interface CompareOptions {
  /** Accuracy points: B is "worse" only when it is significantly more than this below A. */
  margin: number;
  /** Family-wise error rate over every tested cell of the run (Holm over the union of the tables' cells). */
  alpha: number;
  /** Accuracy points: also test equivalence (TOST) of B − A within ±this (bench compare --equivalence). */
  equivalence?: number;
}

/** How the comparison is computed, for the outputs. */
export function methodText(opts: CompareOptions): string[] {
  return [
    "Cells are matched by the plan: a cell id is a hash of its configuration (method and hyperparameters, backbone, data, k, seed, training), which leaves out the code revision, so the same cell in A and B differs only by the code (and the backend) that ran it.",
    "Tested: each table's target-group rows (the averages the papers report), B − A in accuracy points. Over the seeds both runs ran: a paired t-test (seeds name the k-shot split and the initialisation, so the two accuracies of a seed are paired); when fewer than 2 seeds are common but each side has 2 or more: Welch's t-test (stated per cell); otherwise no test.",
    `Worse: the one-sided test of H1: μB − μA < −${opts.margin} (the margin, in accuracy points), Holm-adjusted over the union of every table's tested cells (one family for the whole run, so the chance of any false "worse" stays at most ${opts.alpha} however many tables are compared; a row several tables share, the same cells, is one hypothesis, counted once); a cell is worse when its adjusted p < ${opts.alpha}. Better: the two-sided test of H0: no difference, Holm-adjusted over the same cells, adjusted p < ${opts.alpha} and B − A > 0.`,
    ...(opts.equivalence === undefined ? [] : [
      `Equivalence (--equivalence ${opts.equivalence}): the two one-sided tests (TOST) of H1: −${opts.equivalence} < μB − μA < ${opts.equivalence} on the same seeds as the difference test (paired, else Welch), the TOST p Holm-adjusted over the same union of tested cells; a cell is equivalent when its adjusted p < ${opts.alpha} (unadjusted: when the ${
        Math.round((1 - 2 * opts.alpha) * 100)
      }% interval lies inside ±${opts.equivalence}), and a cell identical on every seed is equivalent. The run is shown to have no regression (exit 0) only when every cell in both runs is equivalent; a worse cell (the test above) takes precedence (exit 1); otherwise (a cell not shown equivalent, or not testable) it is undecided (exit 3).`,
    ]),
    `Interval: the ${
      Math.round(CI_LEVEL * 100)
    }% two-sided t interval of B − A. Effect size: Cohen's d_z (mean difference / sd of the differences) for paired cells, Hedges' g (pooled sd, small-sample corrected) for Welch cells.`,
    "A cell whose numbers are identical on every seed (the change does not reach its computation: the same code path on the same backend repeats bit for bit) is reported as identical, not tested, and left out of the Holm family. When the paired differences are equal but not 0 on every seed (or, for Welch, each side is constant), there is no variance to test: the cell says so and is not tested (equal within 1e-9 relative, as accuracies are correct/n in percent), which makes the comparison inconclusive (exit 3).",
    "Per-language rows are described (mean A, mean B, B − A), not tested, to keep the Holm family small enough to have power for the averages.",
    "A partial run (narrowed by --langs, --seeds or --k, or interrupted) is compared on what both runs ran: languages and seeds match as above, and a target-group row whose languages differ between A and B is not tested (its averages would be over different languages).",
  ];
}
