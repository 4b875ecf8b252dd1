// Cell leases: a results folder may be shared by several runners at once (two
// users, or the tasks of a Slurm job array on a shared file system), and no
// cell may run twice at the same time. A runner takes a cell's lease by
// creating <results>/leases/<cell>.lease exclusively (O_EXCL) and renews it by
// touching it while the cell runs. The lease is held by the process that
// waits on the worker (the runner, a Slurm task), whose event loop is idle,
// so renewal never stalls behind a long computation. It expires with its
// holder: a lease not renewed for `ttlMs` (a node that died, a task killed
// with SIGKILL), or one of this host whose process is gone, is stale. One
// breaker at a time (an exclusive <cell>.lease.break) looks again and removes
// it; then the exclusive create decides who holds the cell.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { leaseTtlSeconds } from "../core/settings.ts";

export interface LeaseHolder {
  host: string;
  pid: number;
  /** What holds it: a runner's description (a Slurm job and task, or "local"). */
  by: string;
  since: string;
}

/** Renewed every ttl/4; a lease older than ttl is stale. XLT_LEASE_TTL_S sets it (default 120 s). */
export function leaseTtlMs(env: Record<string, string | undefined> = process.env): number {
  return leaseTtlSeconds(env) * 1000;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class Lease {
  private timer: ReturnType<typeof setInterval> | null = null;
  /** False once another runner took the lease over (this holder stalled past the ttl). */
  held = true;
  constructor(
    readonly path: string,
    readonly holder: LeaseHolder,
    ttlMs: number,
  ) {
    this.timer = setInterval(() => this.renew(), Math.max(250, ttlMs / 4));
    // a renewal timer must not keep a finished process alive
    (this.timer as { unref?: () => void }).unref?.();
  }
  /** Whether the lease file is still this holder's. */
  private mine(): boolean {
    try {
      const h = JSON.parse(readFileSync(this.path, "utf8")) as LeaseHolder;
      return h.host === this.holder.host && h.pid === this.holder.pid && h.since === this.holder.since;
    } catch {
      return false;
    }
  }
  renew(): void {
    // never refresh a lease another runner took over after this one stalled
    if (!this.held || !(this.held = this.mine())) return;
    const now = new Date();
    try {
      utimesSync(this.path, now, now);
    } catch {
      this.held = false;
    }
  }
  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.mine()) rmSync(this.path, { force: true });
  }
}

export class LeaseDir {
  readonly dir: string;
  constructor(
    resultsDir: string,
    readonly ttlMs = leaseTtlMs(),
    readonly by = "local",
  ) {
    this.dir = join(resultsDir, "leases");
  }

  path(cellId: string): string {
    return join(this.dir, `${cellId}.lease`);
  }

  /** The live holder of a cell's lease, or null (none, or a stale one). */
  holder(cellId: string): LeaseHolder | null {
    const p = this.path(cellId);
    if (!existsSync(p)) return null;
    if (this.stale(p)) return null;
    // a fresh lease whose holder is still writing it is held all the same
    return this.read(p) ?? { host: "?", pid: 0, by: "another runner", since: "" };
  }

  /** Take a cell's lease, breaking a stale one; null when another runner holds it. */
  acquire(cellId: string): Lease | null {
    mkdirSync(this.dir, { recursive: true });
    const p = this.path(cellId);
    const holder: LeaseHolder = { host: hostname(), pid: process.pid, by: this.by, since: new Date().toISOString() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(p, "wx");
        writeSync(fd, JSON.stringify(holder));
        closeSync(fd);
        return new Lease(p, holder, this.ttlMs);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
          throw new Error(`${p}: cannot take the cell's lease (${(e as Error).message})`);
        }
      }
      if (!this.stale(p) || !this.breakStale(p)) return null;
    }
    return null;
  }

  /** Remove a stale lease, one breaker at a time; false when another breaker is at it. */
  private breakStale(p: string): boolean {
    const lock = `${p}.break`;
    let fd: number;
    try {
      fd = openSync(lock, "wx");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new Error(`${lock}: cannot break the stale lease (${(e as Error).message})`);
      }
      // a breaker that died mid-break leaves its lock: stale after the ttl too
      if (this.olderThanTtl(lock)) rmSync(lock, { force: true });
      return false;
    }
    try {
      // looked at again under the lock: another breaker may have replaced it with a fresh lease meanwhile
      if (this.stale(p)) rmSync(p, { force: true });
    } catch (e) {
      throw new Error(`${p}: cannot remove the stale lease (${(e as Error).message})`);
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
    return true;
  }

  private olderThanTtl(p: string): boolean {
    try {
      return Date.now() - statSync(p).mtimeMs > this.ttlMs;
    } catch {
      return false;
    }
  }

  private read(p: string): LeaseHolder | null {
    try {
      return JSON.parse(readFileSync(p, "utf8")) as LeaseHolder;
    } catch {
      return null; // being written, or half-written by a holder that died
    }
  }

  private stale(p: string): boolean {
    let mtime: number;
    try {
      mtime = statSync(p).mtimeMs;
    } catch {
      return true;
    }
    if (Date.now() - mtime > this.ttlMs) return true;
    const h = this.read(p);
    // a holder on this host whose process is gone (killed): no need to wait out the ttl
    return h !== null && h.host === hostname() && !alive(h.pid);
  }
}
