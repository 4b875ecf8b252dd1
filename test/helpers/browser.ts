// A real browser for tests of the built site: Debian's chromium driven by
// playwright-core. Without one the tests skip with a message, unless
// XLT_REQUIRE_BROWSER=1 (CI installs chromium) makes its absence a failure.
import { existsSync } from "node:fs";

const CANDIDATES = [
  process.env.XLT_CHROMIUM,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
].filter((x): x is string => !!x);
export const CHROMIUM = CANDIDATES.find((p) => existsSync(p)) ?? null;
export const REQUIRE_BROWSER = process.env.XLT_REQUIRE_BROWSER === "1";
if (!CHROMIUM) {
  const msg = `no chromium at ${CANDIDATES.join(", ")} (apt-get install chromium, or set XLT_CHROMIUM)`;
  if (REQUIRE_BROWSER) throw new Error(`[tests] XLT_REQUIRE_BROWSER=1 but ${msg}`);
  console.warn(`[tests] ${msg}: the browser tests of the leaderboard site are skipped`);
}
