// Language metadata for SIB-200 codes (ISO 639-3 + ISO 15924 script): Joshi
// class, family, region and whether XLM-R saw the language in pretraining, from
// the XPE authors' meta.csv (pinned), plus the paper's language groups as data.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type FetchOptions, fetchText } from "./fetch.ts";
import type { PinnedFile } from "./sources.ts";

export interface Language {
  /** SIB-200 code, e.g. `eng_Latn`. */
  code: string;
  iso639_3: string;
  script: string;
  name: string;
  joshi: number;
  family: string;
  region: string;
  xlmrSeen: boolean;
}

export interface GroupDef {
  title: string;
  members?: string[];
  where?: Partial<Pick<Language, "joshi" | "xlmrSeen" | "family" | "script">>;
  minus?: string[];
  /** The union of these groups (XPE Table 3's 46 = its 23 seen and 23 unseen). */
  union?: string[];
  proxyFor?: string;
  note?: string;
}

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export const META_PIN: PinnedFile = JSON.parse(readFileSync(here("./pins/xpe-meta.json"), "utf8"));
export const GROUPS: Record<string, GroupDef> = JSON.parse(readFileSync(here("./language-groups.json"), "utf8")).groups;

export function parseMetaCsv(csv: string, source: string): Language[] {
  const lines = csv.trim().split(/\r?\n/);
  const header = lines[0].split(",");
  const want = ["code", "name", "class", "family", "region", "xlmr"];
  if (want.some((w, i) => header[i] !== w)) {
    throw new Error(`${source}: header "${lines[0]}", expected "${want.join(",")}"`);
  }
  return lines.slice(1).map((line, i) => {
    const [code, name, cls, family, region, xlmr] = line.split(",");
    const m = /^([a-z]{3})_([A-Z][a-z]{3})$/.exec(code);
    if (!m) throw new Error(`${source}:${i + 2}: code "${code}" is not <iso639-3>_<Script>`);
    const joshi = Number(cls);
    if (!Number.isInteger(joshi) || joshi < 0 || joshi > 5) {
      throw new Error(`${source}:${i + 2}: class "${cls}" is not 0..5`);
    }
    if (xlmr !== "0" && xlmr !== "1") throw new Error(`${source}:${i + 2}: xlmr "${xlmr}" is not 0 or 1`);
    return {
      code,
      iso639_3: m[1],
      script: m[2],
      name: name.replace(/_/g, " "),
      joshi,
      family,
      region,
      xlmrSeen: xlmr === "1",
    };
  });
}

export class LanguageTable {
  readonly byCode: Map<string, Language>;
  constructor(readonly languages: Language[], readonly groups: Record<string, GroupDef> = GROUPS) {
    this.byCode = new Map(languages.map((l) => [l.code, l]));
  }

  get(code: string): Language {
    const l = this.byCode.get(code);
    if (!l) throw new Error(`unknown language code "${code}"`);
    return l;
  }

  /** The members of a named group, in code order. */
  group(name: string, seen: string[] = []): string[] {
    const def = this.groups[name];
    if (!def) throw new Error(`unknown language group "${name}" (known: ${Object.keys(this.groups).join(", ")})`);
    if (seen.includes(name)) throw new Error(`language group "${name}" refers to itself`);
    let members: string[];
    if (def.union) members = [...new Set(def.union.flatMap((g) => this.group(g, [...seen, name])))];
    else if (def.members) {
      for (const c of def.members) this.get(c);
      members = [...def.members];
    } else {
      const where = def.where ?? {};
      members = this.languages
        .filter((l) => Object.entries(where).every(([k, v]) => (l as unknown as Record<string, unknown>)[k] === v))
        .map((l) => l.code);
    }
    const minus = new Set((def.minus ?? []).flatMap((g) => this.group(g, [...seen, name])));
    return members.filter((c) => !minus.has(c)).sort();
  }
}

export async function loadLanguages(opts: FetchOptions): Promise<LanguageTable> {
  return new LanguageTable(parseMetaCsv(await fetchText(META_PIN, opts), META_PIN.path));
}
