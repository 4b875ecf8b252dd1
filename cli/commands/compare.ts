// `bench compare A B`: the regression check of a change to methods/. Two
// results folders compared cell by cell (analysis/compare-runs.ts); a text table
// per table, a summary and a WORSE line per degraded cell, or one JSON object
// (--json); an HTML page (reports/compare-page.ts). Exit (cli/exit.ts) 0 when
// every cell in both runs was tested and none is significantly worse than A by
// more than the margin (with --equivalence: every one shown equivalent), 1 when
// one is worse, 2 on bad input (a UsageError; cells whose split manifests
// differ), 3 when the comparison is inconclusive: a cell in both runs that
// could not be tested (too few seeds, other languages, no variance) or, with
// --equivalence, not shown equivalent; or nothing in both runs to compare.
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { renderComparePage } from "../../reports/compare-page.ts";
import {
  type CellRef,
  cellRef,
  compareRuns,
  derivedNotCompared,
  type RunComparison,
  type TableComparison,
} from "../../analysis/compare-runs.ts";
import {
  axesText,
  ciText,
  effectText,
  mddText,
  partialLines,
  pointsText,
  pText,
  seedsNeededText,
  tableAxes,
} from "../../analysis/compare-text.ts";
import type { ResultsRun } from "../../analysis/collect.ts";
import { leftOutText } from "../../analysis/left-out.ts";
import { checkManifests } from "../../analysis/compare-manifests.ts";
import { partialText } from "../../analysis/partial.ts";
import { textTable } from "../../core/text-table.ts";
import { UsageError } from "../../core/errors.ts";
import { type CommandContext, commandContext, loadRuns, specsOf } from "../command-context.ts";
import { COMPARE_FLAGS } from "../command-flags.ts";
import { EXIT } from "../exit.ts";
import { parseFlags } from "../flags.ts";
import type { IO } from "../io.ts";

export const help =
  `usage: bun run bench compare A B [--margin 1] [--equivalence MARGIN] [--alpha 0.05] [--html FILE] [--json]
                              [--label-a NAME] [--label-b NAME]

  A, B           results folders (--results of two runs): A the reference (e.g. main), B the change
  --margin       accuracy points B may lose before it counts as worse (default 1, >= 0)
  --equivalence  also test that B − A lies within ±MARGIN accuracy points (TOST, > 0): "no regression" shown
  --alpha        family-wise error rate over every tested cell of the run, Holm (default 0.05)
  --html         where to write the page (default B/reports/compare.html)
  --json         one JSON object on stdout instead of the text tables
Exit 0: every cell in both runs tested, none significantly worse by more than the margin (with
--equivalence: every one shown equivalent); 1: one is worse; 2: bad input (also: a cell whose
drawn examples differ between A and B); 3: inconclusive: a cell in both runs could not be tested
(fewer than 2 seeds on a side, other languages in a group, no variance over seeds) or, with
--equivalence, was not shown equivalent; or the runs have no cell in common.`;

function numberFlag(
  values: Record<string, unknown>,
  flag: string,
  fallback: number,
  ok: (x: number) => boolean,
  what: string,
): number {
  const raw = values[flag];
  if (raw === undefined) return fallback;
  const x = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  if (!Number.isFinite(x) || !ok(x)) throw new UsageError(`--${flag} ${JSON.stringify(raw)}: expected ${what}`);
  return x;
}

/** How a WORSE line and the text output name a cell. */
function cellName(r: CellRef, c: RunComparison): string {
  const t = c.tables.find((x) => x.spec === r.spec && x.profile === r.profile);
  const many = !!t && new Set(t.rows.map((x) => x.backbone)).size > 1;
  const axes = axesText(r, r.sweepParam);
  return `${r.spec} ${r.profile} ${r.methodLabel}${axes ? ` ${axes}` : ""}${many ? ` ${r.backbone}` : ""} ${r.key}`;
}

function tableText(t: TableComparison, c: RunComparison): string[] {
  const { many, hasSetting, hasK, hasX, columns } = tableAxes(t);
  const eq = c.equivalence !== null;
  const head = [
    ...columns,
    "group",
    "seeds A/B",
    "mean A",
    "mean B",
    "B − A",
    "95% CI",
    "test",
    "p",
    "p worse (Holm)",
    "effect",
    "mdd",
    "verdict",
    ...(eq
      ? [`TOST p (Holm)`, `${Math.round((1 - 2 * c.alpha) * 100)}% CI`, `within ±${c.equivalence}`, "seeds to show"]
      : []),
  ];
  const rows = t.rows.map((r) => [
    ...(many ? [r.backbone] : []),
    r.methodLabel,
    ...(hasSetting ? [r.setting || "-"] : []),
    ...(hasK ? [String(r.k ?? "-")] : []),
    ...(hasX ? [String(r.x ?? "-")] : []),
    r.key,
    `${r.nA}/${r.nB}`,
    pointsText(r.meanA),
    pointsText(r.meanB),
    pointsText(r.difference, true),
    ciText(r.ci),
    r.test ?? "-",
    pText(r.p),
    pText(r.pWorseHolm),
    effectText(r.effect),
    mddText(r.mdd),
    r.verdict,
    ...(eq
      ? [
        pText(r.equivalence!.pHolm),
        ciText(r.equivalence!.ci),
        r.equivalence!.verdict,
        seedsNeededText(r.equivalence!.seedsNeeded),
      ]
      : []),
  ]);
  const out = [
    `== ${t.spec} (${t.profile}): ${t.title}`,
    `${
      many ? "" : `backbone ${t.rows[0]?.backbone ?? "-"}; `
    }records: A ${t.cells.a} of ${t.cells.planA} cells, B ${t.cells.b} of ${t.cells.planB}; ${t.family} tested cell(s), Holm over the run's ${c.family}`,
    ...partialLines(t),
    textTable(head, rows),
  ];
  // a note every cell shares (identical runs: no variance anywhere) is said once
  const everywhere = new Set(t.rows[0]?.notes.filter((n) => t.rows.every((r) => r.notes.includes(n))) ?? []);
  for (const n of everywhere) out.push(`  note (all ${t.rows.length} cells): ${n}`);
  for (const r of t.rows) {
    for (const n of r.notes.filter((x) => !everywhere.has(x))) {
      out.push(
        `  note: ${r.methodLabel}${axesText(r, t.sweepParam) ? ` ${axesText(r, t.sweepParam)}` : ""} ${r.key}${
          many ? ` (${r.backbone})` : ""
        }: ${n}`,
      );
    }
  }
  // per language: described, not tested; the largest drop names where to look
  const described = t.languages.filter((l) => l.difference !== null);
  if (described.length) {
    const low = described.reduce((m, l) => (l.difference! < m.difference! ? l : m));
    const meanAbs = described.reduce((s, l) => s + Math.abs(l.difference!), 0) / described.length;
    out.push(
      `per language (described, not tested; in the HTML page and --json): ${described.length} rows, mean |B − A| ${
        pointsText(meanAbs)
      }, largest drop ${low.methodLabel} ${low.key} ${pointsText(low.difference, true)}`,
    );
  }
  return out;
}

function text(c: RunComparison, html: string): string[] {
  const side = (name: string, r: RunComparison["a"]) =>
    `${name}: ${r.label}  ${r.dir}  (commits ${r.commits.map((x) => x.slice(0, 7)).join(", ") || "unknown"}; backends ${
      r.backends.join(", ") || "unknown"
    }; seeds ${r.seeds.join(",")}; ${r.records} records)`;
  const out = [side("A", c.a), side("B", c.b), ""];
  for (const w of c.warnings) out.push(`warning: ${w}`);
  for (const n of c.notCompared) out.push(`not compared: ${n.spec} (${n.profile}): ${n.why}`);
  if (c.warnings.length || c.notCompared.length) out.push("");
  for (const t of c.tables) out.push(...tableText(t, c), "");
  out.push(
    `tested: each table's target-group rows that differ, B − A; paired t-test over common seeds (Welch when seeds do not match); worse = one-sided H1: B − A < −${c.margin}, Holm over the run's ${c.family} distinct test(s) (every table's tested cells; a row several tables share counted once), alpha ${c.alpha}`,
    ...(c.equivalence === null ? [] : [
      `equivalence: TOST of −${c.equivalence} < B − A < ${c.equivalence} on the same seeds, Holm over the same cells; identical cells count as equivalent; a worse cell takes precedence; seeds to show: per side, at which TOST would show a cell inside the margin with power 0.8 at alpha / ${c.family}, its difference and spread taken as true`,
    ]),
    `mdd: the smallest true |B − A| the cell's two-sided test detects with power 0.8 at alpha 0.05 (unadjusted), at its seeds and observed spread`,
    `${c.counts.tables} table(s), ${c.counts.tested} cell(s) tested: ${c.counts.worse} worse, ${c.counts.better} better, ${c.counts.unchanged} no significant change; ${c.counts.identical} identical on every seed (not tested); ${c.counts.notTested} not tested`,
    ...(c.equivalence === null ? [] : [
      `within ±${c.equivalence}: ${c.counts.equivalent} cell(s) shown equivalent, ${c.counts.notEquivalent} not shown equivalent`,
    ]),
  );
  for (const r of c.worse) {
    out.push(
      `WORSE ${cellName(r, c)}: A ${pointsText(r.meanA)} -> B ${pointsText(r.meanB)} (${
        pointsText(r.difference, true)
      }, p_worse Holm ${pText(r.pWorseHolm)})`,
    );
  }
  for (const r of c.better) {
    out.push(
      `better ${cellName(r, c)}: A ${pointsText(r.meanA)} -> B ${pointsText(r.meanB)} (${
        pointsText(r.difference, true)
      }, p Holm ${pText(r.pHolm)})`,
    );
  }
  out.push(`wrote ${html}`);
  return out;
}

/** Why two runs share no table: each run's tables (partial ones marked) and why its other records fill none. */
function nothingInCommon(a: ResultsRun, b: ResultsRun): string {
  const list = (r: ResultsRun) =>
    r.tables.length
      ? r.tables.map((t) => `${t.spec.id} (${t.profile}${t.partial ? ", partial" : ""})`).join(", ")
      : "none";
  const lines = [`compare: inconclusive: no table is in both runs (A: ${list(a)}; B: ${list(b)}): nothing to compare`];
  for (const [name, r] of [["A", a], ["B", b]] as const) {
    lines.push(`  ${name} ${r.label} (${r.dir}): ${r.records} records`);
    for (const t of r.tables.filter((x) => x.partial)) {
      lines.push(`    ${t.spec.id} (${t.profile}) partial: ${partialText(t.partial!)}`);
    }
    lines.push(`    ${r.unplaced ? `${r.unplaced} left out: ${leftOutText(r.leftOut)}` : "none left out"}`);
  }
  return lines.join("\n");
}

/** The cells both runs hold that no test could judge: a regression there would go unseen. */
function untestedCells(c: RunComparison) {
  return c.tables.flatMap((t) =>
    t.rows.filter((r) => r.verdict === "not tested" && r.nA > 0 && r.nB > 0).map((r) => ({
      name: cellName(cellRef(t, r), c),
      nA: r.nA,
      nB: r.nB,
      meanA: r.meanA,
      meanB: r.meanB,
      difference: r.difference,
      why: r.notes.join("; "),
    }))
  );
}

/** With --equivalence: the tested cells in both runs not shown equivalent (nor worse): undecided. */
function undecidedCells(c: RunComparison) {
  return c.tables.flatMap((t) =>
    t.rows.filter((r) => r.verdict !== "not tested" && r.verdict !== "worse" && r.equivalence?.verdict !== "equivalent")
      .map((r) => ({
        name: cellName(cellRef(t, r), c),
        difference: r.difference,
        p: r.equivalence?.pHolm ?? null,
        ci: r.equivalence?.ci ?? null,
      }))
  );
}

/** Why the comparison is inconclusive (exit 3), in lines; none when every cell in both runs was tested (and shown equivalent). */
function inconclusiveLines(
  c: RunComparison,
  untested: ReturnType<typeof untestedCells>,
  undecided: ReturnType<typeof undecidedCells>,
): string[] {
  const notShown = undecided.length
    ? [
      `compare: inconclusive: ${undecided.length} tested cell(s) not shown equivalent within ±${c.equivalence} (nor worse):`,
      ...undecided.map((u) =>
        `  ${u.name}: B − A ${pointsText(u.difference, true)}, ${Math.round((1 - 2 * c.alpha) * 100)}% CI ${
          ciText(u.ci)
        }, TOST p (Holm) ${pText(u.p)}`
      ),
      "more seeds narrow the interval (--seeds 1,2,3,4,5), or a wider margin states a weaker claim",
    ]
    : [];
  if (untested.length) {
    return [
      `compare: inconclusive: ${untested.length} cell(s) in both runs could not be tested, so a regression there would go unseen:`,
      ...untested.map((u) =>
        `  ${u.name}: A ${pointsText(u.meanA)} -> B ${pointsText(u.meanB)}${
          u.difference === null ? "" : ` (${pointsText(u.difference, true)})`
        }: ${u.why}`
      ),
      "run both with at least 2 seeds, the same on both (--seeds 1,2,3), on the same languages",
      ...notShown,
    ];
  }
  if (!c.counts.tested && !c.counts.identical) {
    return ["compare: inconclusive: the tables in both runs have no cell in both (each row is in one run only)"];
  }
  return notShown;
}

export async function compareCommand(
  argv: string[],
  io: Pick<IO, "print" | "error">,
  ctx: CommandContext,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, COMPARE_FLAGS, "compare");
  if (values.help) {
    io.print(help);
    return 0;
  }
  if (positionals.length !== 2) {
    throw new UsageError(
      `compare: expected two results folders (A B), got ${positionals.length}${
        positionals.length ? ` (${positionals.join(" ")})` : ""
      }\n${help}`,
    );
  }
  const margin = numberFlag(values, "margin", 1, (x) => x >= 0, "a number of accuracy points >= 0");
  const alpha = numberFlag(values, "alpha", 0.05, (x) => x > 0 && x < 1, "a number strictly between 0 and 1");
  const equivalence = values.equivalence === undefined
    ? undefined
    : numberFlag(values, "equivalence", 1, (x) => x > 0, "a number of accuracy points > 0");
  // the TOST's interval is 1 − 2 alpha wide
  if (equivalence !== undefined && alpha >= 0.5) {
    throw new UsageError(
      `--alpha ${alpha} with --equivalence: expected a number below 0.5 (TOST's 1 − 2·alpha interval)`,
    );
  }
  const [dirA, dirB] = positionals.map((d) => resolve(d));
  const html = values.html ? resolve(values.html) : join(dirB, "reports", "compare.html");
  if (existsSync(html) && statSync(html).isDirectory()) {
    throw new UsageError(`--html ${html}: a folder; give the page's file name (e.g. ${join(html, "compare.html")})`);
  }

  // derived specs (a figure, a correlation over another table's cells) are compared through their base table
  const specs = specsOf(ctx);
  const derived = specs.filter((s) => s.derivedFrom);
  const { runs: [a, b] } = await loadRuns([dirA, dirB], [values["label-a"], values["label-b"]], {
    ...ctx,
    specs: specs.filter((s) => !s.derivedFrom),
  });
  // refuses (bad input) cells whose drawn examples differ; says once when records lack a manifest
  const manifestNote = checkManifests(a, b);
  const c = compareRuns(a, b, { margin, alpha, ...(equivalence === undefined ? {} : { equivalence }) });
  if (manifestNote) c.warnings.push(manifestNote);
  c.notCompared.push(...derivedNotCompared(derived, c));
  if (!c.tables.length) {
    const why = nothingInCommon(a, b);
    if (values.json) io.print(JSON.stringify({ exitCode: EXIT.inconclusive, inconclusive: why }, null, 2));
    io.error(why);
    return EXIT.inconclusive;
  }
  const untested = untestedCells(c);
  const undecided = c.equivalence === null ? [] : undecidedCells(c);
  const inconclusive = inconclusiveLines(c, untested, undecided);
  const exitCode = c.counts.worse ? EXIT.finding : inconclusive.length ? EXIT.inconclusive : EXIT.ok;

  try {
    mkdirSync(dirname(html), { recursive: true });
    writeFileSync(html, await renderComparePage(c));
  } catch (e) {
    throw new UsageError(`--html ${html}: cannot write the page (${(e as Error).message})`);
  }
  if (values.json) {
    const { a: runA, b: runB, tables, ...rest } = c;
    // a partial side with its one-line form beside the numbers it is made of
    const withText = (p: TableComparison["partial"]["a"]) => p && { ...p, text: partialText(p) };
    const json = tables.map((t) => ({ ...t, partial: { a: withText(t.partial.a), b: withText(t.partial.b) } }));
    io.print(
      JSON.stringify(
        {
          runs: { a: runA, b: runB },
          tables: json,
          ...rest,
          untested,
          ...(c.equivalence === null ? {} : { undecided }),
          html,
          exitCode,
        },
        null,
        2,
      ),
    );
  } else for (const line of text(c, html)) io.print(line);
  for (const line of inconclusive) io.error(line);
  return exitCode;
}

export function run(argv: string[], io: IO): Promise<number> {
  return compareCommand(argv, io, commandContext(io));
}
