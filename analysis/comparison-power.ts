// The seeds a paired row comparison needs to detect the paper's own claimed
// gap (e.g. UniPrompt against fine-tuning in UniPrompt Table 2, MPT against the
// soft prompt in MPT Table I): the published means of the reference row and
// the compared row in the same language (and k, swept value), their
// difference taken as true, our observed sd of the paired differences as the
// spread; the smallest n of paired seeds whose two-sided paired t-test at
// alpha 0.05 has power 0.8 (null: more than SEEDS_CAP).
import type { Aggregate } from "../core/aggregate.ts";
import type { GoldenCell, GoldenFile } from "../core/golden.ts";
import { goldenIndex, matchKey, rowIdentity } from "./golden.ts";
import type { Comparison, ComparisonTable } from "./row-comparisons.ts";
import { pairedDesign, seedsToDetect } from "./stats/index.ts";
import { SEEDS_CAP } from "./verdicts.ts";

export interface PaperGap {
  /** The paper's reference minus the compared row, in the table's units. */
  gap: number;
  /** Paired seeds needed to detect that gap with power 0.8 at our sd of differences; null: more than SEEDS_CAP. */
  seedsNeeded: number | null;
}

/**
 * A lookup of each per-language comparison's paper gap; undefined where the
 * file lacks either published mean or the comparison was not tested. A golden
 * file with one backbone stands for any of ours (as the report's published
 * column does), so a smoke run shows the paper's gaps too.
 */
export function paperGaps(
  table: ComparisonTable,
  rows: Aggregate[],
  golden: GoldenFile | null,
  specK?: number,
): (c: Comparison) => PaperGap | undefined {
  if (!golden) return () => undefined;
  const { cells, fixed } = goldenIndex(golden, specK);
  const byKey = new Map(cells.map((c) => [matchKey(c, fixed), c]));
  const backbones = [...new Set(cells.map((c) => c.backbone))];
  const published = (a: Aggregate): GoldenCell | undefined => {
    const id = rowIdentity(a);
    return byKey.get(matchKey(id, fixed)) ??
      (backbones.length === 1 ? byKey.get(matchKey({ ...id, backbone: backbones[0] }, fixed)) : undefined);
  };
  const aggregateOf = (c: Comparison, method: string) =>
    rows.find((a) =>
      a.kind === "language" && a.backbone === c.backbone && a.method === method && a.key === c.key &&
      a.k === c.k && a.x === c.x
    );
  return (c) => {
    if (c.sdDifference === undefined || !(c.sdDifference > 0)) return undefined;
    const ref = aggregateOf(c, table.reference), row = aggregateOf(c, c.method);
    const theirsRef = ref && published(ref)?.mean, theirsRow = row && published(row)?.mean;
    if (theirsRef == null || theirsRow == null) return undefined;
    const gap = theirsRef - theirsRow;
    const sd = c.sdDifference;
    return { gap, seedsNeeded: seedsToDetect(gap, (n) => pairedDesign(sd, n), { max: SEEDS_CAP }) };
  };
}
