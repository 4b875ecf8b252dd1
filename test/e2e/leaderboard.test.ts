// The leaderboard site in a real browser (chromium through playwright-core),
// served by a loopback HTTP server: every page renders without console
// errors, every internal link resolves, a table sorts, and a hostile spec
// title shows as text. Records are synthetic (test/helpers/records.ts) but in
// the real format and for real plans (the language table is the mirror's).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Browser } from "playwright-core";
import { loadSettings, PROJECT_ROOT } from "../../core/settings.ts";
import { leaderboardCommand } from "../../cli/commands/leaderboard.ts";
import { planSpec } from "../../plan/plan.ts";
import { loadSpecDir } from "../../plan/spec-schema.ts";
import type { Spec } from "../../core/spec.ts";
import { loadLanguages } from "../../datasets/languages.ts";
import { CHROMIUM } from "../helpers/browser.ts";
import { HAS_MIRROR, MIRROR, serveFolder, tempDir } from "../helpers/mirror.ts";
import { noise, writeRun } from "../helpers/records.ts";

const HOSTILE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">Table "4" & co`;
const run = HAS_MIRROR && CHROMIUM ? describe : describe.skip;

run("the leaderboard site in chromium", () => {
  let site: string;
  let server: Awaited<ReturnType<typeof serveFolder>>;
  let browser: Browser;
  let pages: string[];
  const visit = {
    errors: [] as string[],
    statuses: [] as { page: string; status: number }[],
    charts: 0,
    live: 0,
    links: new Set<string>(),
  };

  beforeAll(async () => {
    const cacheDir = tempDir();
    const fetch = { mirrors: [MIRROR], cacheDir };
    const langs = await loadLanguages(fetch);
    const all = loadSpecDir(join(PROJECT_ROOT, "specs"));
    // a table with a k axis and paper goldens, one with target groups and source sets, one per language and its correlations
    const pick = (id: string) => all.find((s) => s.id === id)!;
    const hostile: Spec = {
      ...pick("spt-table4"),
      title: HOSTILE,
      deviations: [`<b onmouseover="window.__pwned = 3">bold?</b>`],
    };
    const specs = [pick("mpt-tableI"), pick("xpe-table1"), hostile, pick("spt-table1")];
    const [a, b] = [tempDir(), tempDir()];
    for (const spec of specs.slice(0, 3)) {
      const plan = planSpec(spec, langs, { profile: "smoke" });
      const code = (lang: string) => [...lang].reduce((h, c) => h * 31 + c.charCodeAt(0), 7) % 997;
      const acc = (salt: number) => (cell: { config: { seed: number }; row: { method: string } }, lang: string) =>
        0.4 + 0.05 * noise(cell.config.seed, code(lang) + salt) + (cell.row.method.length % 5) * 0.02;
      writeRun(a, plan, acc(0), { commit: "a".repeat(40) });
      writeRun(b, plan, acc(1), { commit: "b".repeat(40) });
    }
    site = join(tempDir(), "site");
    const settings = { ...loadSettings(), cacheDir };
    const code = await leaderboardCommand(
      ["--results", a, "--label", "main", "--results", b, "--label", `<i>branch</i>`, "--out", site],
      () => {},
      { settings, fetch, specs },
    );
    expect(code).toBe(0);
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
    pages = walk(site).filter((f) => f.endsWith(".html")).map((f) => relative(site, f));
    server = await serveFolder(site);
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ["--no-sandbox"] });
    // every page once: what it logged, its charts, its links
    const page = await browser.newPage();
    page.on("console", (m) => m.type() === "error" && visit.errors.push(`${page.url()}: ${m.text()}`));
    page.on("pageerror", (e) => visit.errors.push(`${page.url()}: ${e.message}`));
    for (const p of pages) {
      const res = await page.goto(`${server.url}/${p}`);
      visit.statuses.push({ page: p, status: res?.status() ?? 0 });
      await page.waitForLoadState("load");
      const charts = await page.locator("figure.chart").count();
      visit.charts += charts;
      if (charts) {
        visit.live += await page.waitForFunction(
          (n) => document.querySelectorAll("figure.chart[data-live=true]").length === n && n,
          charts,
          { timeout: 10_000 },
        ).then((h) => h.jsonValue() as Promise<number>, () => 0);
      }
      for (const href of await page.$$eval("a[href]", (as) => as.map((a) => (a as HTMLAnchorElement).href))) {
        if (href.startsWith(server.url)) visit.links.add(href);
      }
    }
    await page.close();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test("every page renders without a console error or a page error, and its charts draw live", () => {
    expect(pages.length).toBeGreaterThan(10);
    expect(visit.statuses.filter((x) => x.status !== 200)).toEqual([]);
    expect(visit.errors).toEqual([]);
    expect(visit.live).toBeGreaterThan(0);
    expect(visit.live).toBe(visit.charts);
  });

  test("every internal link resolves, to a file and to its #anchor", async () => {
    const broken: string[] = [];
    const texts = new Map<string, string>();
    for (const t of visit.links) {
      const u = new URL(t);
      const path = decodeURIComponent(u.pathname);
      const res = await fetch(`${server.url}${u.pathname}`);
      if (res.status !== 200) {
        broken.push(`${t}: HTTP ${res.status}`);
        continue;
      }
      if (!u.hash) {
        await res.arrayBuffer();
        continue;
      }
      if (!texts.has(path)) texts.set(path, await res.text());
      else await res.arrayBuffer();
      if (!texts.get(path)!.includes(`id="${decodeURIComponent(u.hash.slice(1))}"`)) {
        broken.push(`${t}: no element with that id`);
      }
    }
    expect(broken).toEqual([]);
    expect([...visit.links].some((t) => t.includes("/cells/"))).toBe(true);
    expect([...visit.links].some((t) => t.includes("/records/") && t.includes("#g-"))).toBe(true);
  }, 60_000);

  test("a ranking table sorts by a click on its header, both ways", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/tables/mpt-tableI.html`);
    const table = page.locator("table.ranking").first();
    const scores = () =>
      table.locator("tbody tr td:nth-child(4)").evaluateAll((tds) =>
        tds.map((td) => Number(td.getAttribute("data-sort")))
      );
    const header = table.locator("thead th", { hasText: "score %" });
    await header.click();
    const up = await scores();
    expect(up.length).toBeGreaterThan(2);
    expect(up).toEqual([...up].sort((x, y) => x - y));
    expect(await header.getAttribute("aria-sort")).toBe("ascending");
    await header.click();
    const down = await scores();
    expect(down).toEqual([...up].sort((x, y) => y - x));
    await page.close();
  }, 60_000);

  test("a spec title and a run label full of markup show as text and run nothing", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/tables/spt-table4.html`);
    expect(await page.locator("h1").textContent()).toBe(HOSTILE);
    expect(await page.locator("h1 img, h1 script, .warn li b").count()).toBe(0);
    expect(await page.locator(".warn").textContent()).toContain(`<b onmouseover="window.__pwned = 3">bold?</b>`);
    await page.goto(`${server.url}/index.html`);
    expect(await page.locator("table.index").textContent()).toContain(HOSTILE);
    expect(await page.locator("table.index").textContent()).toContain("<i>branch</i>");
    expect(await page.locator("table.index i").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.close();
  }, 60_000);

  test("a download has every row's columns, not only the first row's (the leaderboard's per-table ranks)", () => {
    const json = JSON.parse(readFileSync(join(site, "data", "leaderboard-smoke.json"), "utf8")) as Record<
      string,
      unknown
    >[];
    const head = readFileSync(join(site, "data", "leaderboard-smoke.csv"), "utf8").split("\n")[0].split(",");
    const tables = [...new Set(json.flatMap((r) => Object.keys(r)))].filter((k) => k.includes("-table"));
    expect(tables.sort()).toEqual(["mpt-tableI", "spt-table4", "xpe-table1"]);
    for (const t of tables) expect(head).toContain(t);
    for (const r of json) expect(Object.keys(r).sort()).toEqual(Object.keys(json[0]).sort());
  });

  test("each table downloads as CSV and JSON with the same rows", async () => {
    const csv = readFileSync(join(site, "data", "mpt-tableI-smoke-ranking.csv"), "utf8").trim().split("\n");
    const json = JSON.parse(readFileSync(join(site, "data", "mpt-tableI-smoke-ranking.json"), "utf8"));
    expect(csv[0].split(",")).toContain("mean");
    expect(csv.length - 1).toBe(json.length);
    expect(json.map((r: { run: string }) => r.run).sort()).toContain("<i>branch</i>");
  });
});
