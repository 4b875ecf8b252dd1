// `bench distances <code>...`: URIEL-style typological distances (see
// datasets/distances.ts) from a reference language (English by default) to
// each language given, or among them with --pairwise, plus each language's
// share of XGLM's and BLOOM's pretraining data. --json for machines, with the
// exact/approximate label of every distance type.
import { parseArgs } from "node:util";
import {
  type Distance,
  DISTANCE_TYPES,
  type DistanceType,
  loadTypology,
  type Typology,
} from "../../datasets/distances.ts";
import type { FetchOptions } from "../../datasets/fetch.ts";
import {
  loadPretrainingShares,
  type PretrainingShares,
  SHARE_MODELS,
  type ShareModel,
  shareOf,
} from "../../datasets/pretraining-shares.ts";
import { UnknownLanguageError } from "../../datasets/typology/codes.ts";
import { textTable } from "../../core/text-table.ts";
import { UsageError } from "../../core/errors.ts";
import { loadSettings } from "../../core/settings.ts";
import { fetchOptions } from "../../datasets/fetch.ts";
import { DISTANCES_FLAGS } from "../command-flags.ts";
import type { IO } from "../io.ts";

export class DistancesCommandError extends UsageError {}

const USAGE = `usage: bun run bench distances <code> [<code>...] [--to eng] [--pairwise] [--json]

  Codes: ISO 639-3 (deu), SIB-200 (deu_Latn) or XNLI/MARC two-letter (de).
  Default: distances from --to (English) to each language, all six types, and
  the XGLM / BLOOM pretraining shares. --pairwise: the matrix among the codes.
  A null / "-" distance: no data of that type for a language, even through its
  macrolanguage stand-in. Shares are fractions (0..1) of the pretraining data;
  "-" where the source sheet does not list the language.`;

const SHARE_UNIT =
  "fraction of the model's pretraining data (0..1), from Philippy et al.'s lang_distribution.xlsx; null: not listed there";

interface Lang {
  code: string;
  iso: string;
  name: string | null;
}

function fmt(x: number | null): string {
  return x === null ? "-" : x.toFixed(4);
}

function fmtShare(x: number | null): string {
  return x === null ? "-" : x >= 0.001 ? x.toFixed(4) : x.toExponential(2);
}

function shares(all: PretrainingShares, iso: string): Record<ShareModel, number | null> {
  return Object.fromEntries(SHARE_MODELS.map((m) => [m, shareOf(all, m, iso)])) as Record<ShareModel, number | null>;
}

/** "zho→cmn (geographic)" for every distance that used another code's data. */
function standIns(langs: Lang[], typology: Typology): string[] {
  const out: string[] = [];
  for (const l of langs) {
    const by = new Map<string, DistanceType[]>();
    for (const [t, d] of Object.entries(typology.coverage(l.iso).data) as [DistanceType, string | null][]) {
      if (d !== null && d !== l.iso) by.set(d, [...(by.get(d) ?? []), t]);
    }
    for (const [d, types] of by) out.push(`${l.iso}→${d} (${types.join(", ")})`);
  }
  return out;
}

function methodLines(typology: Typology): string[] {
  return DISTANCE_TYPES.map((t) => `  ${t}: ${typology.methods[t].fidelity} — ${typology.methods[t].how}`);
}

function fromReference(
  ref: Lang,
  langs: Lang[],
  typology: Typology,
  all: PretrainingShares,
  json: boolean,
  print: (s: string) => void,
): void {
  const rows = langs.map((l) => ({
    ...l,
    distances: Object.fromEntries(DISTANCE_TYPES.map((t) => [t, typology.measure(t, ref.iso, l.iso)])) as Record<
      DistanceType,
      Distance
    >,
    pretrainingShare: shares(all, l.iso),
  }));
  if (json) {
    const languages = rows.map((r) => ({
      ...r,
      distances: Object.fromEntries(
        DISTANCE_TYPES.map((t) => [t, { value: r.distances[t].value, used: r.distances[t].used }]),
      ),
    }));
    print(JSON.stringify({ reference: ref, languages, methods: typology.methods, shareUnit: SHARE_UNIT }, null, 1));
    return;
  }
  const head = ["code", "iso", "name", ...DISTANCE_TYPES, ...SHARE_MODELS.map((m) => `${m} share`)];
  const body = rows.map((r) => [
    r.code,
    r.iso,
    r.name ?? "",
    ...DISTANCE_TYPES.map((t) => fmt(r.distances[t].value)),
    ...SHARE_MODELS.map((m) => fmtShare(r.pretrainingShare[m])),
  ]);
  print(`Distances from ${ref.iso} (${ref.name ?? ref.code}); shares: ${SHARE_UNIT}\n`);
  print(textTable(head, body));
  const subs = standIns([ref, ...langs], typology);
  if (subs.length > 0) print(`\nstand-in data: ${subs.join("; ")}`);
  print(`\nmethods:\n${methodLines(typology).join("\n")}`);
}

function pairwise(
  langs: Lang[],
  typology: Typology,
  all: PretrainingShares,
  json: boolean,
  print: (s: string) => void,
): void {
  const matrices = Object.fromEntries(
    DISTANCE_TYPES.map((t) => [t, langs.map((a) => langs.map((b) => typology.distance(t, a.iso, b.iso)))]),
  ) as Record<DistanceType, (number | null)[][]>;
  const used = Object.fromEntries(DISTANCE_TYPES.map((t) => [t, langs.map((l) => typology.dataCode(t, l.iso))]));
  const pretrainingShare = langs.map((l) => shares(all, l.iso));
  if (json) {
    print(
      JSON.stringify(
        {
          languages: langs,
          distances: matrices,
          used,
          pretrainingShare,
          methods: typology.methods,
          shareUnit: SHARE_UNIT,
        },
        null,
        1,
      ),
    );
    return;
  }
  const isos = langs.map((l) => l.iso);
  for (const t of DISTANCE_TYPES) {
    print(`${t} (${typology.methods[t].fidelity})`);
    print(textTable(["", ...isos], matrices[t].map((row, i) => [isos[i], ...row.map(fmt)])));
    print("");
  }
  print(`pretraining shares (${SHARE_UNIT})`);
  print(
    textTable(
      ["iso", ...SHARE_MODELS],
      langs.map((l, i) => [l.iso, ...SHARE_MODELS.map((m) => fmtShare(pretrainingShare[i][m]))]),
    ),
  );
  const subs = standIns(langs, typology);
  if (subs.length > 0) print(`\nstand-in data: ${subs.join("; ")}`);
  print(`\nmethods:\n${methodLines(typology).join("\n")}`);
}

export async function distancesCommand(
  argv: string[],
  print: (s: string) => void,
  opts: FetchOptions,
): Promise<number> {
  let values: { json?: boolean; pairwise?: boolean; to?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: DISTANCES_FLAGS,
    }));
  } catch (e) {
    throw new DistancesCommandError(`distances: ${(e as Error).message}`);
  }
  if (values.help) {
    print(USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new DistancesCommandError(`distances: give at least one language code\n${USAGE}`);
  if (values.pairwise && values.to !== undefined) {
    throw new DistancesCommandError(
      "distances: --to and --pairwise do not combine (--pairwise compares the given codes among themselves)",
    );
  }
  if (values.pairwise && positionals.length < 2) {
    throw new DistancesCommandError("distances: --pairwise needs at least two codes");
  }
  const [typology, all] = await Promise.all([loadTypology(opts), loadPretrainingShares(opts)]);
  const lang = (code: string): Lang => {
    try {
      const iso = typology.resolve(code);
      return { code, iso, name: typology.name(iso) };
    } catch (e) {
      if (e instanceof UnknownLanguageError) throw new DistancesCommandError(`distances: ${e.message}`);
      throw e;
    }
  };
  const langs = positionals.map(lang);
  if (values.pairwise) pairwise(langs, typology, all, values.json === true, print);
  else fromReference(lang(values.to ?? "eng"), langs, typology, all, values.json === true, print);
  return 0;
}

export const help = USAGE;

export function run(argv: string[], io: IO): Promise<number> {
  return distancesCommand(argv, io.print, fetchOptions(loadSettings(io.env), io.error));
}
