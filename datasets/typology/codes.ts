// Language codes for the typology tables: dataset codes to ISO 639-3, and the
// documented stand-ins used when URIEL (or the coordinate table) has no data
// of some kind for a code.

/**
 * XNLI / MARC / PAWS-X two-letter codes. Arabic and Swahili go to the
 * individual languages the SIB-200 and SPT tables use (arb, swh); lang2vec's
 * own letter_codes.json maps them to the macrolanguages (ara, swa) instead.
 */
export const TWO_LETTER: Readonly<Record<string, string>> = {
  ar: "arb",
  bg: "bul",
  de: "deu",
  el: "ell",
  en: "eng",
  es: "spa",
  fr: "fra",
  hi: "hin",
  ja: "jpn",
  ko: "kor",
  ru: "rus",
  sw: "swh",
  th: "tha",
  tr: "tur",
  ur: "urd",
  vi: "vie",
  zh: "zho",
};

/**
 * ISO 639-3 macrolanguage membership (individual → macrolanguage), for the
 * members that occur in SIB-200, XNLI, MARC and SPT. Used when URIEL has no
 * data of some kind for the individual code. `ajp` (South Levantine Arabic)
 * was retired into `apc` in 2023 but is still a URIEL code.
 */
export const MACROLANGUAGE: Readonly<Record<string, string>> = {
  acm: "ara",
  acq: "ara",
  aeb: "ara",
  ajp: "ara",
  apc: "ara",
  arb: "ara",
  ars: "ara",
  ary: "ara",
  arz: "ara",
  azb: "aze",
  azj: "aze",
  ekk: "est",
  gug: "grn",
  kng: "kon",
  kmr: "kur",
  ckb: "kur",
  lvs: "lav",
  ltg: "lav",
  zsm: "msa",
  ind: "msa",
  min: "msa",
  bjn: "msa",
  khk: "mon",
  nob: "nor",
  nno: "nor",
  gaz: "orm",
  pbt: "pus",
  pes: "fas",
  prs: "fas",
  quy: "que",
  als: "sqi",
  src: "srd",
  swh: "swa",
  uzn: "uzb",
  cmn: "zho",
  yue: "zho",
  twi: "aka",
  ydd: "yid",
  knc: "kau",
  taq: "tmh",
  fuv: "ful",
  dik: "din",
  ayr: "aym",
  ory: "ori",
  npi: "nep",
  plt: "mlg",
  bos: "hbs",
  hrv: "hbs",
  srp: "hbs",
};

/**
 * The individual language that stands for a macrolanguage code (the standard
 * or most-spoken variety). Chosen by hand; Sardinian → Logudorese (the basis
 * of the written standard) is the least obvious one.
 */
export const PRINCIPAL: Readonly<Record<string, string>> = {
  ara: "arb",
  aze: "azj",
  est: "ekk",
  grn: "gug",
  kon: "kng",
  kur: "kmr",
  lav: "lvs",
  msa: "zsm",
  mon: "khk",
  nor: "nob",
  orm: "gaz",
  pus: "pbt",
  fas: "pes",
  que: "quy",
  sqi: "als",
  srd: "src",
  swa: "swh",
  uzb: "uzn",
  zho: "cmn",
  aka: "twi",
  yid: "ydd",
  kau: "knc",
  tmh: "taq",
  ful: "fuv",
  din: "dik",
  aym: "ayr",
  ori: "ory",
  nep: "npi",
  mlg: "plt",
};

/**
 * Language isolates: URIEL's family vector is empty by construction, not for
 * want of data, so their genetic distance to any other language is 1.
 */
export const ISOLATES: ReadonlySet<string> = new Set(["eus"]);

export class UnknownLanguageError extends Error {}

const EXPECTED = `expected an ISO 639-3 code ("deu"), a SIB-200 code ("deu_Latn") or one of the XNLI/MARC codes ${
  Object.keys(TWO_LETTER).join(",")
}`;

/** The ISO 639-3 code for a dataset code; `known` says whether a three-letter code exists. */
export function toIso639_3(code: string, known: (iso: string) => boolean): string {
  const c = code.trim();
  const sib = /^([a-z]{3})_[A-Z][a-z]{3}$/.exec(c);
  const iso = sib ? sib[1] : /^[a-z]{2}$/.test(c) ? TWO_LETTER[c] : /^[a-z]{3}$/.test(c) ? c : undefined;
  if (iso === undefined || !known(iso)) throw new UnknownLanguageError(`unknown language code "${code}": ${EXPECTED}`);
  return iso;
}

/** Codes to try, in order, for the data of `iso`: itself, its macrolanguage, or the macrolanguage's principal member. */
export function candidates(iso: string): string[] {
  const out = [iso];
  if (MACROLANGUAGE[iso]) out.push(MACROLANGUAGE[iso]);
  if (PRINCIPAL[iso]) out.push(PRINCIPAL[iso]);
  return out;
}
