// Translation catalogues (gettext .mo files) of Debian packages: the English
// message and its translation, for user-interface text in 100+ languages. The
// packages are pinned by pool path and sha256 (debian-catalogues.json) and
// fetched through the same sha256-checked cache as the datasets; `dpkg-deb`
// unpacks them. Used as translation pairs by the v5 pretraining recipe.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { mo } from "gettext-parser";
import { cachePath, fetchPinned } from "../../datasets/fetch.ts";
import type { PinnedFile } from "../../datasets/sources.ts";

export interface DebianPackage extends PinnedFile {
  package: string;
  version: string;
  license: string;
}
export interface CataloguePins {
  suite: string;
  mirrors: string[];
  packages: DebianPackage[];
}
export const CATALOGUE_PINS: CataloguePins = JSON.parse(
  readFileSync(new URL("./debian-catalogues.json", import.meta.url), "utf8"),
);

/** gettext locale (its language part) -> SIB-200 code, for the languages SIB-200 has. */
const LOCALE_TO_SIB: Record<string, string> = {
  af: "afr_Latn",
  am: "amh_Ethi",
  ar: "arb_Arab",
  as: "asm_Beng",
  ast: "ast_Latn",
  az: "azj_Latn",
  be: "bel_Cyrl",
  bg: "bul_Cyrl",
  bn: "ben_Beng",
  bs: "bos_Latn",
  ca: "cat_Latn",
  cs: "ces_Latn",
  cy: "cym_Latn",
  da: "dan_Latn",
  de: "deu_Latn",
  el: "ell_Grek",
  eo: "epo_Latn",
  es: "spa_Latn",
  et: "est_Latn",
  eu: "eus_Latn",
  fa: "pes_Arab",
  fi: "fin_Latn",
  fr: "fra_Latn",
  fur: "fur_Latn",
  ga: "gle_Latn",
  gd: "gla_Latn",
  gl: "glg_Latn",
  gu: "guj_Gujr",
  he: "heb_Hebr",
  hi: "hin_Deva",
  hr: "hrv_Latn",
  hu: "hun_Latn",
  hy: "hye_Armn",
  id: "ind_Latn",
  is: "isl_Latn",
  it: "ita_Latn",
  ja: "jpn_Jpan",
  ka: "kat_Geor",
  kab: "kab_Latn",
  kk: "kaz_Cyrl",
  km: "khm_Khmr",
  kn: "kan_Knda",
  ko: "kor_Hang",
  ky: "kir_Cyrl",
  lo: "lao_Laoo",
  lt: "lit_Latn",
  lv: "lvs_Latn",
  mai: "mai_Deva",
  mk: "mkd_Cyrl",
  ml: "mal_Mlym",
  mr: "mar_Deva",
  ms: "zsm_Latn",
  mt: "mlt_Latn",
  my: "mya_Mymr",
  nb: "nob_Latn",
  ne: "npi_Deva",
  nl: "nld_Latn",
  nn: "nno_Latn",
  nso: "nso_Latn",
  oc: "oci_Latn",
  or: "ory_Orya",
  pa: "pan_Guru",
  pl: "pol_Latn",
  pt: "por_Latn",
  ro: "ron_Latn",
  ru: "rus_Cyrl",
  rw: "kin_Latn",
  si: "sin_Sinh",
  sk: "slk_Latn",
  sl: "slv_Latn",
  so: "som_Latn",
  sq: "als_Latn",
  sr: "srp_Cyrl",
  sv: "swe_Latn",
  sw: "swh_Latn",
  ta: "tam_Taml",
  te: "tel_Telu",
  tg: "tgk_Cyrl",
  th: "tha_Thai",
  tk: "tuk_Latn",
  tl: "tgl_Latn",
  tr: "tur_Latn",
  tt: "tat_Cyrl",
  ug: "uig_Arab",
  uk: "ukr_Cyrl",
  ur: "urd_Arab",
  uz: "uzn_Latn",
  vi: "vie_Latn",
  xh: "xho_Latn",
  yo: "yor_Latn",
  zu: "zul_Latn",
};

/** The SIB-200 code of a gettext locale (`pt_BR`, `sr@latin`, `zh_TW`), or null (English, or a language SIB-200 lacks). */
export function sibLanguageOfLocale(locale: string): string | null {
  const [base, variant] = locale.split("@");
  const [lang, region] = base.split(/[_-]/);
  if (lang === "zh") return region === "TW" || region === "HK" || region === "Hant" ? "zho_Hant" : "zho_Hans";
  // SIB-200 writes Serbian in Cyrillic and Uzbek in Latin: other scripts are left out
  if (variant && variant !== "valencia") return null;
  return LOCALE_TO_SIB[lang] ?? null;
}

/** The locale a catalogue's path names: .../locale/<loc>/LC_MESSAGES/x.mo, or WordPress's languages/[admin-]<loc>.mo. */
export function localeOfPath(path: string): string | null {
  const m = /\/locale\/([^/]+)\/LC_MESSAGES\/[^/]+\.mo$/.exec(path) ??
    /\/languages\/(?:admin-network-|admin-|continents-cities-)?([A-Za-z]{2,3}(?:_[A-Za-z]{2,4})?)\.mo$/.exec(path);
  return m ? m[1] : null;
}

// Accelerator marks, format directives and markup carry no language.
const FORMAT = /%(\d+\$)?[-+ #0]*\d*(\.\d+)?[hlLqjzt]*[diouxXeEfFgGcsp%]|%\{?\w+\}?|\{\d*\}|\$\{?\w+\}?/g;
/** A message cleaned for pretraining: markup, accelerators, format directives and extra space removed. */
export function cleanMessage(s: string): string {
  return s
    .replace(/<[^>]{0,80}>/g, " ")
    .replace(FORMAT, " ")
    .replace(/_(?=\p{L})/gu, "")
    .replace(/&(?=\p{L})/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** English message -> translation, for each singular message of a .mo file whose translation differs. */
export function catalogueMessages(bytes: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const parsed = mo.parse(Buffer.from(bytes));
  for (const context of Object.values(parsed.translations)) {
    for (const [id, entry] of Object.entries(context)) {
      if (!id) continue; // the header
      const en = cleanMessage(id), tr = cleanMessage(entry.msgstr[0] ?? "");
      // at least two letters on each side: a lone symbol or a number is not a sentence
      if (!tr || tr === en || !/\p{L}.*\p{L}/u.test(en) || !/\p{L}.*\p{L}/u.test(tr)) continue;
      out.set(en, tr);
    }
  }
  return out;
}

export interface CataloguePair {
  lang: string;
  en: string;
  text: string;
}

function moFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...moFiles(p));
    else if (name.endsWith(".mo")) out.push(p);
  }
  return out.sort();
}

/** Unpacks the .mo files of a fetched package into `dir` with dpkg-deb and tar. */
function unpackCatalogues(deb: string, dir: string, name: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = spawnSync("sh", ["-c", `dpkg-deb --fsys-tarfile "$0" | tar -x -C "$1" --wildcards '*.mo'`, deb, dir]);
  if (r.status !== 0) {
    throw new Error(`${name}: could not unpack ${deb} (${r.stderr}); dpkg-deb and tar are needed (Debian's dpkg)`);
  }
}

/**
 * Every (English, translation) pair of the pinned packages' catalogues in SIB-200 languages,
 * one per language and English message (the first package, in pin order, wins), in a fixed order.
 */
export async function cataloguePairs(cacheDir: string, log?: (s: string) => void): Promise<CataloguePair[]> {
  const byLang = new Map<string, Map<string, string>>();
  for (const pkg of CATALOGUE_PINS.packages) {
    await fetchPinned(pkg, { mirrors: CATALOGUE_PINS.mirrors, cacheDir, log });
    const dir = join(cacheDir, "pretrain", "catalogues", pkg.package);
    unpackCatalogues(cachePath(pkg, cacheDir), dir, `${pkg.package} ${pkg.version}`);
    for (const file of moFiles(dir)) {
      const locale = localeOfPath(file);
      const lang = locale && sibLanguageOfLocale(locale);
      if (!lang) continue;
      const messages = byLang.get(lang) ?? byLang.set(lang, new Map()).get(lang)!;
      for (const [en, text] of catalogueMessages(readFileSync(file))) if (!messages.has(en)) messages.set(en, text);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return [...byLang.keys()].sort().flatMap((lang) => [...byLang.get(lang)!].map(([en, text]) => ({ lang, en, text })));
}
