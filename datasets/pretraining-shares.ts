// Share of each language in the pretraining data of XGLM and BLOOM, as
// Philippy et al. (SPT) tabulate it in Data/lang_distribution.xlsx (pinned):
// one sheet per model, columns lang_code_3, name, ratio.
//
// Unit: a fraction of the model's pretraining data (0..1), as the sheet gives
// it. XGLM lists its 30 languages, summing to 1; BLOOM lists 38 languages
// summing to 0.87 (the rest of its corpus is not listed there).
import { type FetchOptions, fetchPinned } from "./fetch.ts";
import { typologyPin } from "./typology/pins.ts";
import { type SheetRows, Workbook } from "./xlsx.ts";

export const SHARE_MODELS = ["xglm", "bloom"] as const;
export type ShareModel = (typeof SHARE_MODELS)[number];

export interface LanguageShare {
  /** ISO 639-3 as the sheet writes it (SIB-200 style: arb, swh, zho, npi, quy…). */
  iso: string;
  name: string;
  /** Fraction of the model's pretraining data, 0..1. */
  fraction: number;
}

export type PretrainingShares = Record<ShareModel, LanguageShare[]>;

export function parseShareSheet(rows: SheetRows, where: string): LanguageShare[] {
  const header = rows[0] ?? [];
  if (header[0] !== "lang_code_3" || header[1] !== "name" || header[2] !== "ratio") {
    throw new Error(`${where}: header is ${JSON.stringify(header)}, expected ["lang_code_3","name","ratio"]`);
  }
  return rows.slice(1).flatMap((row, i) => {
    if (row.every((c) => c === null)) return [];
    const [iso, name, fraction] = row;
    if (typeof iso !== "string" || !/^[a-z]{3}$/.test(iso)) {
      throw new Error(`${where} row ${i + 2}: code ${JSON.stringify(iso)} is not ISO 639-3`);
    }
    if (typeof fraction !== "number" || fraction < 0 || fraction > 1) {
      throw new Error(`${where} row ${i + 2}: ratio ${JSON.stringify(fraction)} is not a fraction`);
    }
    return [{ iso, name: String(name ?? ""), fraction }];
  });
}

export function parseSharesWorkbook(bytes: Uint8Array, source: string): PretrainingShares {
  const book = new Workbook(bytes, source);
  return {
    xglm: parseShareSheet(book.sheet("xglm"), `${source}:xglm`),
    bloom: parseShareSheet(book.sheet("bloom"), `${source}:bloom`),
  };
}

export async function loadPretrainingShares(opts: FetchOptions): Promise<PretrainingShares> {
  const pin = typologyPin("spt/lang_distribution");
  return parseSharesWorkbook(await fetchPinned(pin, opts), pin.path);
}

/**
 * The share of `iso` in a model's pretraining data; null when the sheet does
 * not list it. For XGLM that means none of its 30 languages; the BLOOM sheet
 * covers only the languages of the SPT study, so null is not 0 there.
 */
export function shareOf(shares: PretrainingShares, model: ShareModel, iso: string): number | null {
  return shares[model].find((s) => s.iso === iso)?.fraction ?? null;
}
