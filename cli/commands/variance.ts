// `bun run bench variance <spec>`: for a profile whose seeds cross draw and
// initialisation seeds, each row's variance per target group (and language)
// split between the k-shot draw and the initialisation (analysis/variance.ts).
import { reading, UsageError } from "../../core/errors.ts";
import { textTable } from "../../core/text-table.ts";
import { seedRows } from "../../analysis/analyze.ts";
import { VARIANCE_METHOD, type VarianceRow, varianceRows } from "../../analysis/variance.ts";
import type { Component } from "../../analysis/stats/variance-components.ts";
import { crossesSeeds } from "../../plan/plan.ts";
import { leftOutNote, readRecords } from "../../run/prepare.ts";
import { VARIANCE_FLAGS as FLAGS } from "../command-flags.ts";
import { EXIT } from "../exit.ts";
import { flagLines, parseFlags, SELECTOR } from "../flags.ts";
import type { IO } from "../io.ts";
import { plansFromFlags } from "../plan-from-flags.ts";

export const help = `usage: bun run bench variance <spec> [options]

For a profile whose seeds are {draw, init} (or a run with --init-seeds), splits
each row's accuracy variance over its cells into the k-shot draw's component,
the initialisation's and the residual, with 95% intervals and shares.
${VARIANCE_METHOD.join("\n")}
Exit 2 when the profile's seeds are a single list (draw and init move together).

options:
${flagLines(FLAGS)}`;

const num = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : "-");
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : "-");
const part = (c: Component) =>
  `${num(c.estimate)}${c.truncated ? "*" : ""} [${num(c.interval[0])}, ${num(c.interval[1])}] ${pct(c.share)}`;

function table(rows: VarianceRow[], kind: VarianceRow["kind"]): string {
  const axes = (r: VarianceRow) =>
    [r.setting, r.k === null ? "" : `k=${r.k}`, r.x === null ? "" : `x=${r.x}`].filter(Boolean).join(" ");
  return textTable(
    ["row", "axes", "backbone", kind, "draws×inits", "mean", "total var", "draw", "init", "residual"],
    rows.map((r) => {
      const c = r.components;
      return [
        r.methodLabel,
        axes(r) || "-",
        r.backbone,
        r.key,
        `${r.draws.length}×${r.inits.length}`,
        c ? num(c.mean) : "-",
        c ? num(c.total) : "-",
        ...(c ? [part(c.rows), part(c.columns), part(c.residual)] : [r.note ?? "", "", ""]),
      ];
    }),
  );
}

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, "variance", SELECTOR);
  if (values.help) {
    io.print(help);
    return 0;
  }
  const { plans, profile, resultsDir } = await plansFromFlags("variance", positionals[0], values, io);
  const out = [];
  for (const plan of plans) {
    if (!crossesSeeds(plan)) {
      throw new UsageError(
        `${plan.spec.id} (${profile}): the seeds are a single list, so draw and init move together and cannot be told apart; give the profile seeds {"draw": [...], "init": [...]} (or run with --init-seeds)`,
      );
    }
    const records = await reading(resultsDir, () => readRecords(plan, resultsDir, (e) => io.error(leftOutNote(e))));
    const rows = seedRows(plan, records);
    const variance = varianceRows({ group: rows.group, ...(values.languages ? { language: rows.language } : {}) });
    if (values.json) {
      out.push({ spec: plan.spec.id, profile, rows: variance });
      continue;
    }
    io.print(`== ${plan.spec.id} (${profile}): ${records.length}/${plan.cells.length} cells recorded in ${resultsDir}`);
    if (!variance.length) {
      io.print("no records of this profile's cells");
      continue;
    }
    for (const kind of ["group", "language"] as const) {
      const these = variance.filter((r) => r.kind === kind);
      if (these.length) io.print(table(these, kind));
    }
    io.print(
      "accuracy %; variance in %²; each component: estimate [95% interval] share of the total; * a negative estimate truncated at 0",
    );
  }
  if (values.json) io.print(JSON.stringify(out, null, 2));
  return EXIT.ok;
}
