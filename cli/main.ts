#!/usr/bin/env bun
// xlt-bench command line. `bun run bench help` lists the commands.
import { parseArgs } from "node:util";
import { availableParallelism } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { loadSettings, PROJECT_ROOT } from "../core/settings.ts";
import { fetchOptions } from "../datasets/fetch.ts";
import { loadSpecDir } from "../plan/spec-schema.ts";
import { selectSpecs } from "../plan/select.ts";
import { textTable } from "../core/text-table.ts";
import { UsageError } from "../core/errors.ts";
import type { Spec } from "../core/spec.ts";

const HELP = `xlt-bench: reproducible benchmarks for parameter-efficient cross-lingual transfer

usage: bun run bench [command] [options]

  (no command)            run each paper's main table on the smoke profile (the quick-start job, "main":
                          SPT Table 4, XPE Table 1, UniPrompt Table 2, MPT Table I)
  list [--json]           list the specs: id, paper, table, title, profiles
  <selector>              run: plan -> cells -> analysis -> report -> golden check
                          selector: spec id (xpe-table1), paper (xpe), table or figure (table2, fig4),
                          main, tables, figures or all
  check <selector>        compare the recorded results with the golden values; exit 1 on a failing cell
  report <selector>       rebuild analysis and reports from existing records (no training)
  record-golden <selector>  store the current results of a non-paper profile as its golden (regression reference)
  model <dir|hub-id> [--revision R] (--ids 0,5,6,2 | --text "...") [--top K] [--json]
                          tokens, final hidden-state summary and top-k LM logits per position
  stats <test> ...        t-tests, Pearson/Spearman, TOST, Holm/Bonferroni on numbers you give
                          (bun run bench stats help)
  spt-table1 --from-golden [--json]
                          SPT Table 1 (Pearson r of accuracy vs distances and data share) recomputed
                          from the accuracies published in SPT Table 4, next to the printed values
                          (without --from-golden, spt-table1 is the spec: the same from our own runs)
  leaderboard [--results DIR [--label NAME]] ... --out DIR
                          a static site over every table and run: per-table pages in the paper's layout with
                          the band verdicts, per-method pages, ranks with confidence intervals, CSV/JSON downloads
  compare A B [--margin 1] [--alpha 0.05] [--html FILE] [--json]
                          compare two results folders cell by cell (paired t-test over matching seeds, Welch
                          otherwise, Holm per table); exit 0 when nothing is significantly worse than A by more
                          than the margin, 1 when something is, 2 on bad input
  backends [--json]       the compute backends this host can use, the WebGPU adapter and its limits,
                          and which backend a run picks
  distances <iso> [<iso>...] [--pairwise] [--to eng] [--json]
                          lang2vec-style distances (six types, exact or approximate) and XGLM/BLOOM data shares
  help                    this text

options:
  --profile NAME   paper | smoke (default: smoke)
  --seeds 1,2      override the profile's seeds
  --langs a,b      restrict the target languages (the dataset's codes: eng_Latn for SIB-200, de for MARC)
  --k 4,16         restrict the k values of a spec with a k axis (e.g. UniPrompt Table 2); over several
                   specs, those that run none of these k are left out
  --eval-split S   test (default) | dev: evaluate the targets on SIB-200 dev, to choose a backbone
                   or a setting without looking at test (no golden check; report under <profile>+dev)
  --backbone ID    run the profile's backbone slot with another embedded backbone (e.g. a candidate
                   in models/embedded/); no golden check; report under <profile>+<ID>
  --results DIR    results folder (default: results/ in the project, or XLT_RESULTS_DIR)
  --jobs N         cells run at once, each in its own worker process (default: one per core)
  --json           machine-readable output (list, check)
  --slurm          submit the cells without records as a Slurm job array (sbatch) instead of running them
                   here; run the same command again to submit what is still missing, or to report
  --partition P    --gres gpu:1    --time 4:00:00    (passed to sbatch; --time in Slurm's formats)
  --array-parallel N   at most N tasks at once      --cells-per-task N   cells per array task (default 1)
  --dry-run        print the sbatch script(s), write and submit nothing

settings: xlt-bench.config.json; XLT_DATA_MIRRORS (comma-separated raw-GitHub-layout URLs or folders),
XLT_CACHE_DIR, XLT_RESULTS_DIR, XLT_SPECS_DIR (a folder of specs instead of specs), XLT_BACKEND (wasm|cpu|tensorflow|webgpu), XLT_MODELS (hub-id=dir,...).`;


function parseList(v: string | undefined, what: string, num = false): (string | number)[] | undefined {
  if (v === undefined) return undefined;
  const items = v.split(",").map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new UsageError(`${what}: empty list`);
  const twice = items.find((x, i) => items.indexOf(x) !== i);
  if (twice !== undefined) throw new UsageError(`${what}: "${twice}" is listed twice`);
  if (num) {
    return items.map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n)) throw new UsageError(`${what}: "${s}" is not an integer`);
      return n;
    });
  }
  return items;
}

async function main(argv: string[]): Promise<number> {
  // Commands with flags of their own parse their arguments themselves (their errors are UsageErrors).
  if (argv[0] === "stats") return (await import("./commands/stats.ts")).statsCommand(argv.slice(1), (s) => console.log(s));
  if (argv[0] === "leaderboard" || argv[0] === "compare") {
    const settings = loadSettings();
    const run = argv[0] === "leaderboard" ? (await import("./commands/leaderboard.ts")).leaderboardCommand : (await import("./commands/compare.ts")).compareCommand;
    return run(argv.slice(1), (s) => console.log(s), { settings, fetch: fetchOptions(settings, (s) => console.error(s)) });
  }
  if (argv[0] === "backends") return (await import("./commands/backends.ts")).backendsCommand(argv.slice(1), (s) => console.log(s));
  if (argv[0] === "distances") {
    const settings = loadSettings();
    return (await import("./commands/distances.ts")).distancesCommand(argv.slice(1), (s) => console.log(s), fetchOptions(settings, (s) => console.error(s)));
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      profile: { type: "string" },
      seeds: { type: "string" },
      langs: { type: "string" },
      k: { type: "string" },
      "eval-split": { type: "string" },
      backbone: { type: "string" },
      results: { type: "string" },
      jobs: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      ids: { type: "string" },
      text: { type: "string" },
      top: { type: "string" },
      revision: { type: "string" },
      "from-golden": { type: "boolean" },
      slurm: { type: "boolean" },
      partition: { type: "string" },
      gres: { type: "string" },
      time: { type: "string" },
      "array-parallel": { type: "string" },
      "cells-per-task": { type: "string" },
      "dry-run": { type: "boolean" },
    },
  });
  const print = (s: string) => console.log(s);
  const settings = loadSettings();
  const specs = loadSpecDir(process.env.XLT_SPECS_DIR ? resolve(process.env.XLT_SPECS_DIR) : join(PROJECT_ROOT, "specs"));
  // the quick-start job: each paper's main table (the others, and the figures, run by name)
  const [cmd = "main", arg] = positionals;
  if (values.help || cmd === "help") {
    print(HELP);
    return 0;
  }
  if (cmd === "list") {
    const rows = specs.map((s: Spec) => ({ id: s.id, paper: s.paper, table: s.table, title: s.title, profiles: Object.keys(s.profiles) }));
    print(values.json ? JSON.stringify(rows, null, 2) : textTable(["id", "paper", "table", "profiles", "title"], rows.map((r) => [r.id, r.paper, r.table, r.profiles.join(","), r.title])));
    return 0;
  }

  if (cmd === "model") {
    if (!arg) throw new UsageError("model needs a directory or a Hub id");
    const top = values.top === undefined ? 5 : Number(values.top);
    if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top: expected a positive integer, got "${values.top}"`);
    const { inspectModel } = await import("./commands/model-inspect.ts");
    const r = await inspectModel({ ref: arg, revision: values.revision, ids: parseList(values.ids, "--ids", true) as number[] | undefined, text: values.text, top }, (m) => console.error(m));
    if (values.json) print(JSON.stringify(r, null, 2));
    else {
      print(`${r.architecture} from ${r.model} (backend ${r.backend})`);
      print(`hidden ${JSON.stringify(r.hidden.shape)}: mean ${r.hidden.mean.toFixed(6)} std ${r.hidden.std.toFixed(6)} min ${r.hidden.min.toFixed(4)} max ${r.hidden.max.toFixed(4)}`);
      print(textTable(["pos", "id", "token", `top-${top} logits`], r.ids.map((id, p) => [String(p), String(id), r.tokens[p], r.logits.top[p].map((t) => `${t.token}:${t.logit.toFixed(3)}`).join(" ")])));
    }
    return 0;
  }

  // `spt-table1` alone is the spec (correlations of our own runs); with --from-golden, of the paper's Table 4
  if (cmd === "spt-table1" && values["from-golden"]) {
    const { sptTable1FromGolden } = await import("./commands/spt-table1.ts");
    return sptTable1FromGolden({ json: !!values.json, fetch: fetchOptions(settings, (s) => console.error(s)), print });
  }

  const isCommand = ["check", "report", "record-golden"].includes(cmd);
  const selector = isCommand ? arg : cmd;
  if (!selector) throw new UsageError(`${cmd} needs a selector (spec id, paper, table or all)`);
  let chosen: Spec[];
  try {
    chosen = selectSpecs(specs, selector);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const profile = values.profile ?? "smoke";
  const requestedJobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (requestedJobs !== undefined && (!Number.isInteger(requestedJobs) || requestedJobs < 1)) throw new UsageError(`--jobs: expected a positive integer, got "${values.jobs}"`);
  const { expectedBackend, workerSlots } = await import("../run/preflight.ts");
  const slots = workerSlots(expectedBackend(), requestedJobs, availableParallelism());
  if (slots.note) print(slots.note);
  const jobs = slots.jobs;
  const resultsDir = values.results ? (isAbsolute(values.results) ? values.results : resolve(values.results)) : settings.resultsDir;
  const fetch = fetchOptions(settings, print);
  const env = { fetch, cacheDir: settings.cacheDir, resultsDir, print };

  const { loadLanguages } = await import("../datasets/languages.ts");
  const { planSpec, kValues } = await import("../plan/plan.ts");
  const pipeline = { ...(await import("../run/prepare.ts")), ...(await import("../analysis/check.ts")), ...(await import("../analysis/record-golden.ts")), ...(await import("./summary.ts")), ...(await import("./report.ts")) };
  const langs = await loadLanguages(fetch);
  const evalSplit = values["eval-split"] ?? "test";
  if (evalSplit !== "test" && evalSplit !== "dev") throw new UsageError(`--eval-split: expected test or dev, got "${evalSplit}"`);
  if (values.backbone !== undefined && !/^[\w.-]+$/.test(values.backbone)) {
    throw new UsageError(`--backbone: expected an embedded backbone id (a folder name in models/embedded/), got "${values.backbone}"; Hub checkpoints are not supported here yet (name them in a spec profile)`);
  }
  const backbone = values.backbone === undefined ? undefined : { kind: "embedded" as const, id: values.backbone, label: values.backbone };
  // --k over a selection of several specs narrows those with a k axis, keeps a fixed-k spec whose k it names, and leaves out the others
  const ks = parseList(values.k, "--k", true) as number[] | undefined;
  const several = chosen.length > 1;
  const runs = (s: Spec) => (s.profiles[profile] ? kValues(s, s.profiles[profile]).ks : []);
  if (ks && several) {
    const off = (s: Spec) => !runs(s).some((k) => ks.includes(k as number));
    for (const s of chosen.filter(off)) print(`--k ${ks.join(",")}: leaving out ${s.id}, whose ${profile} profile runs k = ${runs(s).join(", ")}`);
    chosen = chosen.filter((s) => !off(s));
    if (!chosen.length) throw new UsageError(`--k ${ks.join(",")}: no spec of "${selector}" runs at that k`);
  }
  if (chosen.length > 1 && !isCommand) print(`${selector}: ${chosen.length} specs, run in this order: ${chosen.map((s) => s.id).join(", ")}`);
  const plans = chosen.map((spec) => {
    if (!spec.profiles[profile]) throw new UsageError(`spec ${spec.id} has no profile "${profile}" (profiles: ${Object.keys(spec.profiles).join(", ")})`);
    return planSpec(spec, langs, { profile, seeds: parseList(values.seeds, "--seeds", true) as number[] | undefined, langs: parseList(values.langs, "--langs") as string[] | undefined, ks: ks && several ? (Array.isArray(spec.task.trainShots) ? ks.filter((k) => runs(spec).includes(k)) : undefined) : ks, evalSplit, backbone });
  });

  if (cmd === "check") {
    let failed = 0, judged = 0;
    const out = [];
    for (const plan of plans) {
      const analysis = await pipeline.analyzeRecords(plan, pipeline.readRecords(plan, resultsDir), env);
      const o = pipeline.runCheck(plan, analysis);
      failed += o.failed;
      judged += o.passed + o.failed;
      if (values.json) out.push({ spec: plan.spec.id, profile, golden: o.goldenPath, passed: o.passed, failed: o.failed, rows: o.rows });
      else {
        print(`== ${plan.spec.id} (${profile}): ${analysis.cells.length}/${plan.cells.length} cells recorded in ${resultsDir}`);
        pipeline.printCheck(o, print);
      }
    }
    if (values.json) print(JSON.stringify(out, null, 2));
    if (!judged && !failed) {
      console.error(`nothing was judged: no recorded results match a golden value (run \`bun run bench ${selector} --profile ${profile}\` first)`);
      return 1;
    }
    return failed ? 1 : 0;
  }

  if (cmd === "record-golden") {
    for (const plan of plans) {
      const records = pipeline.readRecords(plan, resultsDir);
      const path = pipeline.recordGolden(plan, await pipeline.analyzeRecords(plan, records, env), records[0]?.provenance.backend ?? "unknown");
      print(`recorded ${relative(PROJECT_ROOT, path)} from ${records.length} records`);
    }
    return 0;
  }

  if (values.slurm) {
    if (cmd === "report") throw new UsageError("--slurm submits cells to run; report reads records and runs none");
    const { submitPlan, followHint, slurmOptions } = await import("./commands/slurm.ts");
    slurmOptions(values, "check"); // flag errors before anything is fetched
    const ids: string[] = [];
    for (const plan of plans) {
      await pipeline.preflight(plan, env);
      // the tasks read the data from the cache; a dry run fetches nothing
      if (!values["dry-run"]) await pipeline.prefetch(plan, env);
      ids.push(...(await submitPlan(plan, values, { resultsDir, fetch, cacheDir: settings.cacheDir, print })));
    }
    const rerun = `bun run bench ${argv.filter((a) => a !== "--slurm" && a !== "--dry-run").join(" ")}`.trim();
    if (ids.length) print(followHint(ids, rerun.replace(/ --(partition|gres|time|array-parallel|cells-per-task) \S+/g, "")));
    else if (!values["dry-run"]) print(`every cell has its record: \`${rerun.replace(/ --(partition|gres|time|array-parallel|cells-per-task) \S+/g, "")}\` reports`);
    return 0;
  }

  let status = 0;
  for (const plan of plans) {
    const count = (f: (c: (typeof plan.cells)[number]) => unknown) => new Set(plan.cells.map(f)).size;
    const axes = [`${count((c) => c.row.method)} methods`, `${plan.backbones.length} backbones`, ...(Array.isArray(plan.spec.task.trainShots) ? [`${count((c) => c.row.k)} k`] : []), ...(plan.spec.sweep ? [`${count((c) => c.row.x)} ${plan.spec.sweep.param}`] : []), `${count((c) => c.config.seed)} seeds`];
    print(`== ${plan.spec.id} (${profile}): ${plan.cells.length} cells = ${axes.join(" x ")}; results in ${resultsDir}`);
    if (cmd !== "report") {
      await pipeline.preflight(plan, env);
      await pipeline.prefetch(plan, env);
      const { runCells } = await import("../run/runner.ts");
      const { cellLabel } = await import("../plan/plan.ts");
      if (plan.prerequisites.length) {
        print(`first stage: ${plan.prerequisites.length} multi-source cells, whose trained state the ${plan.cells.length} per-target cells start from`);
        const first = await runCells(plan.prerequisites.map((c) => ({ cell: c, label: `${cellLabel(plan.spec, c)} (first stage)` })), { jobs, resultsDir, fetch, cacheDir: settings.cacheDir, print, keepState: true });
        if (first.interrupted) {
          print("interrupted during the first stage; run the same command again to resume");
          return 130;
        }
        if (first.failed.length) {
          print(`${first.failed.length} first-stage cell(s) failed, so their targets cannot run:\n${first.failed.map((f) => `  ${f.label} (${f.id}): ${f.message}`).join("\n")}`);
          return 1;
        }
      }
      const labels = plan.cells.map((c) => ({ cell: c, label: cellLabel(plan.spec, c) }));
      const summary = await runCells(labels, { jobs, resultsDir, fetch, cacheDir: settings.cacheDir, print });
      if (summary.interrupted) {
        print(`interrupted: ${summary.ran.length + summary.skipped.length} of ${plan.cells.length} cells have records; run the same command again to resume`);
        return 130;
      }
      if (summary.failed.length) {
        status = 1;
        print(`${summary.failed.length} cell(s) failed:\n${summary.failed.map((f) => `  ${f.label} (${f.id}): ${f.message}`).join("\n")}`);
      }
    }
    const { analysis, check, page } = await pipeline.analyzeAndReport(plan, env);
    pipeline.printSummary(plan, analysis, print);
    pipeline.printCorrelations(analysis, print);
    const { columnUnavailable } = await import("../analysis/correlate.ts");
    for (const b of new Set(analysis.rows.map((r) => r.backbone))) for (const c of plan.spec.correlation?.columns ?? []) if (columnUnavailable(c, b)) print(columnUnavailable(c, b)!);
    print(`report: ${relative(process.cwd(), page)}`);
    pipeline.printCheck(check, print);
    if (check.failed) status = 1;
    const unmatched = pipeline.unmatchedGolden(check, analysis, plan);
    if (unmatched) {
      print(unmatched);
      status = 1;
    }
  }
  return status;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`error: ${(e as Error).message}`);
    process.exit(e instanceof UsageError || (e as Error).name === "SpecError" ? 2 : 1);
  },
);
