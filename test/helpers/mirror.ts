// Tests that need real data read it from the shared mirror (raw-GitHub layout)
// next to the checkout, or from XLT_TEST_MIRROR; without it they skip.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { loadTypology, type Typology } from "../../datasets/distances.ts";
import { loadPretrainingShares, type PretrainingShares } from "../../datasets/pretraining-shares.ts";

export const MIRROR = process.env.XLT_TEST_MIRROR ?? join(PROJECT_ROOT, "..", "shared", "mirror", "github");
export const HAS_MIRROR = existsSync(join(MIRROR, "dadelani", "sib-200"));
if (!HAS_MIRROR) console.warn(`[tests] no data mirror at ${MIRROR}: tests that use real data are skipped`);

const created: string[] = [];

/** Remove every temporary folder the tests made (test/helpers/cleanup.ts runs it after the tests). */
export function removeTempDirs(): void {
  for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function tempDir(prefix = "xlt-test-"): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  created.push(d);
  return d;
}

// what a browser needs to render a built site (pages, styles, scripts, charts)
const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".json": "application/json",
  ".csv": "text/csv",
  ".svg": "image/svg+xml",
};

/** A loopback HTTP server over a folder; counts requests per path. */
export async function serveFolder(
  root: string,
): Promise<{ url: string; hits: Map<string, number>; close: () => Promise<void> }> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const file = normalize(join(root, path));
    if (!file.startsWith(normalize(root)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream" }).end(
      readFileSync(file),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise((r) => server.close(() => r())) };
}

/** lang2vec's typology and the XGLM/BLOOM pretraining shares, read from the mirror into a fresh cache. */
export async function typologyFromMirror(): Promise<{ typology: Typology; shares: PretrainingShares }> {
  const fetch = { mirrors: [MIRROR], cacheDir: tempDir() };
  const [typology, shares] = await Promise.all([loadTypology(fetch), loadPretrainingShares(fetch)]);
  return { typology, shares };
}
