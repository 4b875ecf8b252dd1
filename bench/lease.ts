// Cell leases: a results folder may be shared by several runners at once (two
// users, or the tasks of a Slurm job array on a shared file system), and no
// cell may run twice at the same time. A runner takes a cell's lease by
// creating <results>/leases/<cell>.lease exclusively (O_EXCL) and renews it by
// touching it while the cell runs; the lease expires with its holder: a
// lease not renewed for `ttlMs` (a node that died, a task killed with
// SIGKILL), or one of this host whose process is gone, is stale and may be
// broken. Breaking is a rename to a unique name (only one breaker's rename
// succeeds), then an exclusive create as usual.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

/** The exit code of a worker whose cell another runner holds (EX_TEMPFAIL): try again later. */
export const LEASED_ELSEWHERE = 75;

export interface LeaseHolder {
  host: string;
  pid: number;
  /** What holds it: a runner's description (a Slurm job and task, or "local"). */
  by: string;
  since: string;
}

/** Renewed every ttl/4; a lease older than ttl is stale. XLT_LEASE_TTL_S sets it (default 120 s). */
export function leaseTtlMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.XLT_LEASE_TTL_S;
  if (raw === undefined || raw === "") return 120_000;
  const s = Number(raw);
  if (!Number.isFinite(s) || s <= 0) throw new Error(`XLT_LEASE_TTL_S: expected a positive number of seconds, got "${raw}"`);
  return s * 1000;
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
  constructor(
    readonly path: string,
    readonly holder: LeaseHolder,
    ttlMs: number,
  ) {
    this.timer = setInterval(() => this.renew(), Math.max(250, ttlMs / 4));
    // a renewal timer must not keep a finished process alive
    (this.timer as { unref?: () => void }).unref?.();
  }
  renew(): void {
    const now = new Date();
    try {
      utimesSync(this.path, now, now);
    } catch {
      // broken by another runner after we stalled past the ttl: theirs now
    }
  }
  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    try {
      const held = JSON.parse(readFileSync(this.path, "utf8")) as LeaseHolder;
      if (held.host === this.holder.host && held.pid === this.holder.pid && held.since === this.holder.since) rmSync(this.path, { force: true });
    } catch {
      // gone already
    }
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
    return this.stale(p) ? null : this.read(p);
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
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new Error(`${p}: cannot take the cell's lease (${(e as Error).message})`);
      }
      if (!this.stale(p)) return null;
      try {
        renameSync(p, `${p}.broken.${hostname()}.${process.pid}`);
        rmSync(`${p}.broken.${hostname()}.${process.pid}`, { force: true });
      } catch {
        // another runner broke it first; try the create once more
      }
    }
    return null;
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
