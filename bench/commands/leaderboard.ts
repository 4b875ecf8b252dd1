// `bench leaderboard [--results DIR ...] [--label NAME ...] --out DIR`: the
// static site over every table and run (reports/leaderboard/).
import { parseArgs } from "node:util";
import { isAbsolute, relative, resolve } from "node:path";
import { join } from "node:path";
import { PROJECT_ROOT } from "../config.ts";
import { loadSpecDir } from "../spec/schema.ts";
import { UsageError } from "../usage-error.ts";
import { loadRuns, type CommandContext } from "./context.ts";

const HELP = `usage: bun run bench leaderboard [--results DIR ...] [--label NAME ...] --out DIR

Builds a static site (a folder any static host serves) from one or more results folders:
an index of every table and figure, a page per table in the paper's layout with our rows
beside the published ones and the band verdicts, a page per method, a leaderboard with
ranks and confidence intervals, and CSV/JSON downloads of every table.

  --results DIR   a results folder (repeat for several runs side by side; default: the
                  project's results folder, or XLT_RESULTS_DIR)
  --label NAME    the name of the run from the --results at the same position
                  (default: its records' commit and backend)
  --out DIR       where the site goes (emptied first if an earlier build made it)`;

export async function leaderboardCommand(argv: string[], print: (s: string) => void, ctx: CommandContext): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { results: { type: "string", multiple: true }, label: { type: "string", multiple: true }, out: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) {
    print(HELP);
    return 0;
  }
  if (!values.out) throw new UsageError("leaderboard needs --out DIR (where the site goes)");
  const dirs = values.results ?? [ctx.settings.resultsDir];
  const labels = values.label ?? [];
  if (labels.length > dirs.length) throw new UsageError(`${labels.length} --label for ${dirs.length} --results: one label per results folder, in the same order`);
  if (new Set(dirs.map((d) => resolve(d))).size !== dirs.length) throw new UsageError("a results folder is given twice");
  const specs = ctx.specs ?? loadSpecDir(join(PROJECT_ROOT, "bench", "specs"));
  const runs = await loadRuns(dirs, labels, { ...ctx, specs });
  const named = runs.map((r) => r.label);
  const twice = named.find((l, i) => named.indexOf(l) !== i);
  if (twice !== undefined) throw new UsageError(`two runs are labelled "${twice}": give each results folder its own --label`);
  for (const r of runs) print(`run ${r.label}: ${r.records} records in ${r.dir}, ${r.tables.length} spec profiles${r.unplaced ? `; ${r.unplaced} records fill no spec profile (e.g. a --langs or --backbone run) and are left out` : ""}`);
  const out = isAbsolute(values.out) ? values.out : resolve(values.out);
  const { buildSite } = await import("../../reports/leaderboard/build.ts");
  let site;
  try {
    site = await buildSite(runs, specs, out);
  } catch (e) {
    if ((e as Error).message.includes("was not built by")) throw new UsageError((e as Error).message);
    throw e;
  }
  print(`site: ${relative(process.cwd(), join(out, "index.html")) || "index.html"}: ${site.pages} pages, ${site.files} files, ${(site.bytes / 1e6).toFixed(1)} MB`);
  return 0;
}
