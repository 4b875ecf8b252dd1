import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cachePath, fetchPinned, sha256 } from "../../datasets/fetch.ts";
import { loadSib200, sib200Pin } from "../../datasets/sib200.ts";
import { HAS_MIRROR, MIRROR, serveFolder, tempDir } from "../helpers/mirror.ts";

describe.skipIf(!HAS_MIRROR)("pinned fetch through a loopback server (uses the shared mirror)", () => {
  let server: Awaited<ReturnType<typeof serveFolder>>;
  beforeAll(async () => (server = await serveFolder(MIRROR)));
  afterAll(() => server.close());

  test("downloads once, then serves from the cache", async () => {
    const cacheDir = tempDir();
    const opts = { mirrors: [server.url], cacheDir };
    const pin = sib200Pin("eng_Latn", "dev");
    const a = await fetchPinned(pin, opts);
    const b = await fetchPinned(pin, opts);
    expect(sha256(a)).toBe(pin.sha256);
    expect(b).toEqual(a);
    expect(server.hits.get(`/${pin.path}`)).toBe(1);
  });

  test("a corrupted cache file is detected by its sha256 and fetched again", async () => {
    const cacheDir = tempDir();
    const notes: string[] = [];
    const opts = { mirrors: [server.url], cacheDir, log: (m: string) => notes.push(m) };
    const pin = sib200Pin("fra_Latn", "dev");
    await fetchPinned(pin, opts);
    writeFileSync(cachePath(pin, cacheDir), "index_id\tcategory\ttext\n1\tsports\ttampered\n");
    const before = server.hits.get(`/${pin.path}`) ?? 0;
    const rows = await loadSib200("fra_Latn", "dev", opts);
    expect(rows).toHaveLength(99);
    expect(server.hits.get(`/${pin.path}`)).toBe(before + 1);
    expect(notes.join("\n")).toContain("fetching it again");
  });

  test("a mirror that serves other bytes is skipped for the next one", async () => {
    const bad = tempDir();
    const pin = sib200Pin("deu_Latn", "dev");
    mkdirSync(join(bad, pin.path, ".."), { recursive: true });
    writeFileSync(join(bad, pin.path), "not the pinned file");
    const bytes = await fetchPinned(pin, { mirrors: [bad, server.url], cacheDir: tempDir() });
    expect(sha256(bytes)).toBe(pin.sha256);
  });

  test("an unreachable host is tried once per run, then skipped", async () => {
    const notes: string[] = [];
    const dead = "http://127.0.0.1:9"; // discard port: connection refused
    const opts = { mirrors: [dead, MIRROR], cacheDir: tempDir(), log: (m: string) => notes.push(m) };
    for (const lang of ["eng_Latn", "fra_Latn", "deu_Latn"]) {
      expect(sha256(await fetchPinned(sib200Pin(lang, "test"), opts))).toBe(sib200Pin(lang, "test").sha256);
    }
    expect(notes.filter((n) => n.includes(dead))).toHaveLength(1);
  });

  test("no mirror has the file: the error names the file and every mirror tried", async () => {
    const pin = { path: "nobody/nothing/0000/missing.tsv", sha256: "0".repeat(64), bytes: 1 };
    const err = await fetchPinned(pin, { mirrors: [server.url, "/nonexistent-mirror"], cacheDir: tempDir() }).then(
      () => new Error("fetched a file no mirror has"),
      (e) => e as Error,
    );
    expect(err.message).toContain("missing.tsv");
    expect(err.message).toContain(server.url);
    expect(err.message).toContain("/nonexistent-mirror");
    expect(existsSync(cachePath(pin, "/tmp"))).toBe(false);
  });
});
