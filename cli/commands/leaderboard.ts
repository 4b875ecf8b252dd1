// `bench leaderboard [--results DIR ...] [--label NAME ...] --out DIR`: the
// static site over every table and run (reports/leaderboard/).
import { existsSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { UsageError } from "../../core/errors.ts";
import { leftOutText } from "../../analysis/left-out.ts";
import { partialText } from "../../analysis/partial.ts";
import { type CommandContext, commandContext, loadRuns } from "../command-context.ts";
import { LEADERBOARD_FLAGS } from "../command-flags.ts";
import type { IO } from "../io.ts";

export const help = `usage: bun run bench leaderboard [--results DIR [--label NAME]] ... --out DIR

Builds a static site (a folder any static host serves) from one or more results folders:
an index of every table and figure, a page per table in the paper's layout with our rows
beside the published ones and the band verdicts, a page per method, a leaderboard with
ranks and confidence intervals, and CSV/JSON downloads of every table.

  --results DIR   a results folder (repeat for several runs side by side; default: the
                  project's results folder, or XLT_RESULTS_DIR)
  --label NAME    the name of the run of the --results before it (default: its records'
                  commit and backend)
  --out DIR       where the site goes (emptied first if an earlier build made it; a static
                  host's CNAME, .nojekyll and .git are kept)`;

/** The folders and their labels, a --label naming the --results before it (or the default folder). */
function foldersOf(
  argv: string[],
  defaultDir: string,
): { dirs: string[]; labels: (string | undefined)[]; out?: string; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      tokens: true,
      options: LEADERBOARD_FLAGS,
    });
  } catch (e) {
    throw new UsageError(`leaderboard: ${(e as Error).message}`);
  }
  const dirs: string[] = [], labels: (string | undefined)[] = [];
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== "option") continue;
    if (t.name === "results") {
      dirs.push(t.value!);
      labels.push(undefined);
    } else if (t.name === "label") {
      if (!dirs.length) {
        dirs.push(defaultDir);
        labels.push(undefined);
      }
      if (labels.at(-1) !== undefined) {
        throw new UsageError(
          `--label ${t.value}: the run of --results ${dirs.at(-1)} already has a label ("${
            labels.at(-1)
          }"); put each --label after its --results`,
        );
      }
      labels[labels.length - 1] = t.value;
    }
  }
  if (!dirs.length) dirs.push(defaultDir), labels.push(undefined);
  return { dirs, labels, out: parsed.values.out, help: !!parsed.values.help };
}

export async function leaderboardCommand(
  argv: string[],
  print: (s: string) => void,
  ctx: CommandContext,
): Promise<number> {
  const { dirs, labels, out: outArg, help: asked } = foldersOf(argv, ctx.settings.resultsDir);
  if (asked) {
    print(help);
    return 0;
  }
  if (!outArg) throw new UsageError("leaderboard needs --out DIR (where the site goes)");
  if (existsSync(outArg) && !statSync(outArg).isDirectory()) {
    throw new UsageError(`--out ${outArg}: a file, not a folder (the site is a folder of pages)`);
  }
  if (new Set(dirs.map((d) => resolve(d))).size !== dirs.length) {
    throw new UsageError("a results folder is given twice");
  }
  const { specs, runs } = await loadRuns(dirs, labels, ctx);
  // one check covers given labels and derived ones (two folders of the same commit and backend)
  const named = runs.map((r) => r.label);
  const same = named.find((l, i) => named.indexOf(l) !== i);
  if (same !== undefined) {
    throw new UsageError(`two runs are labelled "${same}": give each results folder its own --label`);
  }
  for (const r of runs) {
    const partial = r.tables.filter((t) => t.partial);
    print(
      `run ${r.label}: ${r.records} records in ${r.dir}, ${r.tables.length} spec profiles${
        partial.length ? ` (${partial.length} partial)` : ""
      }${r.unplaced ? `; ${r.unplaced} records left out: ${leftOutText(r.leftOut)}` : ""}`,
    );
    for (const t of partial) print(`  partial: ${t.spec.id} (${t.profile}): ${partialText(t.partial!)}`);
  }
  const out = isAbsolute(outArg) ? outArg : resolve(outArg);
  const { buildSite } = await import("../../reports/leaderboard/build.ts");
  const site = await buildSite(runs, specs, out);
  print(
    `site: ${
      relative(process.cwd(), join(out, "index.html")) || "index.html"
    }: ${site.pages} pages, ${site.files} files, ${(site.bytes / 1e6).toFixed(1)} MB`,
  );
  return 0;
}

export function run(argv: string[], io: IO): Promise<number> {
  return leaderboardCommand(argv, io.print, commandContext(io));
}
