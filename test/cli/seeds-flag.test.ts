// --seeds is read as core/seed.ts defines a seed, before any data is read.
import { expect, test } from "bun:test";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/mirror.ts";

test("the command line refuses --seeds 1,01 before reading any data (a usage error)", () => {
  const r = runCli(["check", "spt-table4", "--seeds", "1,01", "--results", tempDir("xlt-seeds-")], {
    ...process.env,
    XLT_DATA_MIRRORS: tempDir("xlt-no-mirror-"),
  }, 60_000);
  expect(r.out).toContain('--seeds: "1" and "01" are the same seed (1), listed twice');
  expect(r.code).toBe(2);
});
