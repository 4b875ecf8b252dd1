// Cell leases (run/lease.ts): one holder at a time, renewed while held,
// broken when stale (not renewed within the ttl, or its process gone).
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { LeaseDir, leaseTtlMs } from "../../run/lease.ts";
import { tempDir } from "../helpers/mirror.ts";

/** A pid that is certainly gone: a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" }).stdout.trim());
}

function plant(leases: LeaseDir, cell: string, holder: object, ageMs = 0): void {
  mkdirSync(leases.dir, { recursive: true });
  writeFileSync(leases.path(cell), JSON.stringify(holder));
  const t = new Date(Date.now() - ageMs);
  utimesSync(leases.path(cell), t, t);
}

describe("LeaseDir", () => {
  test("one holder at a time; released, the cell can be taken again", () => {
    const leases = new LeaseDir(tempDir(), 60_000);
    const a = leases.acquire("c1");
    expect(a).not.toBeNull();
    expect(leases.acquire("c1")).toBeNull();
    expect(leases.holder("c1")).toMatchObject({ host: hostname(), pid: process.pid, by: "local" });
    a!.release();
    expect(existsSync(leases.path("c1"))).toBe(false);
    const b = leases.acquire("c1");
    expect(b).not.toBeNull();
    b!.release();
  });

  test("a lease not renewed within the ttl is stale and is broken by the next runner", () => {
    const leases = new LeaseDir(tempDir(), 5_000);
    plant(leases, "c2", { host: "another-node", pid: 1, by: "slurm 7_3", since: "x" }, 6_000);
    expect(leases.holder("c2")).toBeNull();
    const l = leases.acquire("c2");
    expect(l).not.toBeNull();
    expect(JSON.parse(readFileSync(leases.path("c2"), "utf8")).pid).toBe(process.pid);
    l!.release();
  });

  test("a fresh lease of another node is respected", () => {
    const leases = new LeaseDir(tempDir(), 5_000);
    plant(leases, "c3", { host: "another-node", pid: 1, by: "slurm 7_3", since: "x" });
    expect(leases.holder("c3")).toMatchObject({ host: "another-node", by: "slurm 7_3" });
    expect(leases.acquire("c3")).toBeNull();
  });

  test("a lease of this host whose process is gone is stale at once (a killed runner)", () => {
    const leases = new LeaseDir(tempDir(), 600_000);
    plant(leases, "c4", { host: hostname(), pid: deadPid(), by: "local", since: "x" });
    expect(leases.holder("c4")).toBeNull();
    const l = leases.acquire("c4");
    expect(l).not.toBeNull();
    l!.release();
  });

  test("the holder renews its lease while it holds it", async () => {
    const leases = new LeaseDir(tempDir(), 1_000);
    const l = leases.acquire("c5")!;
    const old = new Date(Date.now() - 900);
    utimesSync(leases.path("c5"), old, old);
    await new Promise((r) => setTimeout(r, 400));
    expect(Date.now() - statSync(leases.path("c5")).mtimeMs).toBeLessThan(400);
    l.release();
  });

  test("a lease another runner took over is neither renewed nor removed by its old holder", () => {
    const leases = new LeaseDir(tempDir(), 60_000);
    const l = leases.acquire("c6")!;
    writeFileSync(leases.path("c6"), JSON.stringify({ host: "another-node", pid: 9, by: "slurm", since: "y" }));
    const old = new Date(Date.now() - 30_000);
    utimesSync(leases.path("c6"), old, old);
    l.renew();
    expect(l.held).toBe(false);
    expect(Date.now() - statSync(leases.path("c6")).mtimeMs).toBeGreaterThan(29_000);
    l.release();
    expect(existsSync(leases.path("c6"))).toBe(true);
  });

  test("a breaker's lock left by a dead breaker expires with the ttl", () => {
    const leases = new LeaseDir(tempDir(), 1_000);
    plant(leases, "c7", { host: "another-node", pid: 1, by: "x", since: "x" }, 5_000);
    writeFileSync(`${leases.path("c7")}.break`, "");
    expect(leases.acquire("c7")).toBeNull();
    const old = new Date(Date.now() - 5_000);
    utimesSync(`${leases.path("c7")}.break`, old, old);
    expect(leases.acquire("c7")).toBeNull(); // this look removes the dead breaker's lock
    const l = leases.acquire("c7");
    expect(l).not.toBeNull();
    l!.release();
  });

  test("XLT_LEASE_TTL_S sets the ttl and a bad value names the variable", () => {
    expect(leaseTtlMs({})).toBe(120_000);
    expect(leaseTtlMs({ XLT_LEASE_TTL_S: "5" })).toBe(5_000);
    expect(() => leaseTtlMs({ XLT_LEASE_TTL_S: "-1" })).toThrow("XLT_LEASE_TTL_S");
  });
});

test("leases sit under the results folder", () => {
  const dir = tempDir();
  expect(new LeaseDir(dir).path("abc")).toBe(join(dir, "leases", "abc.lease"));
});
