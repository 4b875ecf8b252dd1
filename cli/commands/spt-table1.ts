// `bench spt-table1 --from-golden`: SPT Table 1 recomputed from SPT Table 4's
// published accuracies, printed next to the published values. Without
// --from-golden, spt-table1 is the spec: the run command runs it.
import { join } from "node:path";
import { type Env, goldenDir, loadSettings } from "../../core/settings.ts";
import { fetchOptions } from "../../datasets/fetch.ts";
import { reading } from "../../core/errors.ts";
import { SPT_TABLE1_FLAGS as FLAGS } from "../command-flags.ts";
import { flagLines, NONE, parseFlags } from "../flags.ts";
import type { IO } from "../io.ts";
import { loadGolden } from "../../analysis/golden.ts";
import { columnSources, recomputeSptTable1, type Table1Row } from "../../analysis/spt-table1.ts";
import { textTable } from "../../core/text-table.ts";
import type { FetchOptions } from "../../datasets/fetch.ts";
import { loadTypology } from "../../datasets/distances.ts";
import { loadPretrainingShares } from "../../datasets/pretraining-shares.ts";

const CONVENTIONS = [
  "languages: every language of Table 4 for the model, English included; a language without data of a type is left out of that column (n)",
  "sign: distances enter as similarity (r with -distance)",
  "DATA: raw fraction of the model's pretraining data",
];

export const help = `usage: bun run bench spt-table1 --from-golden [--json]

SPT Table 1 (Pearson r of accuracy vs distances and data share) recomputed from the
accuracies published in SPT Table 4, next to the printed values. Without --from-golden,
spt-table1 is the spec: the same from our own runs (bun run bench help run).

${flagLines(FLAGS)}`;

export async function run(argv: string[], io: IO): Promise<number> {
  // without --from-golden (and without --help) these are a run's flags
  if (!argv.includes("--from-golden") && !argv.some((a) => a === "--help" || a === "-h")) {
    return (await import("./run.ts")).run(["spt-table1", ...argv], io);
  }
  // the published accuracies: no selector, and none of a run's flags
  const { values } = parseFlags(argv, FLAGS, "spt-table1 --from-golden", NONE);
  if (values.help) {
    io.print(help);
    return 0;
  }
  return sptTable1FromGolden({
    json: !!values.json,
    fetch: fetchOptions(loadSettings(io.env), io.error),
    print: io.print,
    env: io.env,
  });
}

export async function sptTable1FromGolden(
  o: { json: boolean; fetch: FetchOptions; print: (s: string) => void; goldenDir?: string; env?: Env },
): Promise<number> {
  const dir = o.goldenDir ?? goldenDir(o.env);
  const need = async (f: string) => {
    const g = await reading(join(dir, f), () => loadGolden(join(dir, f)));
    if (!g) throw new Error(`spt-table1: ${join(dir, f)} is missing`);
    return g;
  };
  const [t4, t1] = [await need("spt-table4.json"), await need("spt-table1.json")];
  const [typology, shares] = await Promise.all([loadTypology(o.fetch), loadPretrainingShares(o.fetch)]);
  const rows = recomputeSptTable1(t4, t1, typology, shares);
  const sources = columnSources(typology);
  const exact = rows.filter((r) => r.inputs === "exact" && r.diff !== null);
  const half = 0.5 * 10 ** -4;
  const exactOk = exact.filter((r) => Math.abs(r.diff!) <= half + 1e-12).length;
  if (o.json) {
    o.print(
      JSON.stringify(
        {
          conventions: CONVENTIONS,
          columns: sources,
          rows,
          exactColumns: { cells: exact.length, withinRounding: exactOk },
        },
        null,
        1,
      ),
    );
    return 0;
  }
  const f = (x: number | null, d = 4) => (x === null ? "-" : x.toFixed(d));
  o.print(`SPT Table 1 recomputed from SPT Table 4 (published accuracies), ${rows.length} cells`);
  o.print(textTable(
    ["backbone", "setting", "column", "inputs", "published", "recomputed", "|diff|", "n", "left out"],
    rows.map((
      r: Table1Row,
    ) => [
      r.backbone.replace(/@.*/, ""),
      r.method === "spt-mf" ? "w/ MF" : "w/o MF",
      r.key.toUpperCase(),
      r.inputs,
      f(r.published),
      f(r.recomputed),
      r.diff === null ? "-" : Math.abs(r.diff).toFixed(4),
      String(r.n),
      r.missing.join(" "),
    ]),
  ));
  o.print(`\nexact-input cells within the printed rounding (±${half}): ${exactOk} of ${exact.length}`);
  const approx = rows.filter((r) => r.inputs === "approximate" && r.diff !== null).map((r) => Math.abs(r.diff!)).sort((
    a,
    b,
  ) => a - b);
  if (approx.length) {
    o.print(
      `approximate-input cells: median |diff| ${approx[approx.length >> 1].toFixed(4)}, max ${
        approx[approx.length - 1].toFixed(4)
      }`,
    );
  }
  o.print(`\nconventions:\n${CONVENTIONS.map((c) => `  ${c}`).join("\n")}`);
  o.print(`columns:\n${Object.entries(sources).map(([k, v]) => `  ${k.toUpperCase()}: ${v}`).join("\n")}`);
  for (const r of rows.filter((x) => x.note)) {
    o.print(`note ${r.backbone.replace(/@.*/, "")} ${r.method} ${r.key.toUpperCase()}: ${r.note}`);
  }
  return 0;
}
