#!/usr/bin/env bun
// A one-node Slurm cluster on this machine, for CI and for trying --slurm
// locally: munge for authentication, slurmctld and slurmd for localhost, one
// partition over this machine's cores. Needs root and Debian's packages
// (apt-get install slurmd slurmctld slurm-client munge). A zx script.
//   bun scripts/slurm-one-node.ts [--stop] [--force]
// Prints the node's state when it is idle; exits non-zero saying why when
// Slurm cannot start here (no root, packages missing).
import { $, fs, sleep } from "zx";
import { cpus, hostname, totalmem } from "node:os";

$.verbose = false;
const CONF = "/etc/slurm/slurm.conf";
const node = hostname().split(".")[0];

async function need(cmd: string): Promise<void> {
  if ((await $({ nothrow: true })`command -v ${cmd}`).exitCode !== 0) {
    console.error(
      `slurm-one-node: ${cmd} not found; install Debian's slurmd slurmctld slurm-client munge (apt-get install slurmd slurmctld slurm-client munge)`,
    );
    process.exit(3);
  }
}

async function stop(): Promise<void> {
  await $({ nothrow: true })`pkill -x slurmd`;
  await $({ nothrow: true })`pkill -x slurmctld`;
  await $({ nothrow: true })`pkill -x munged`;
}

if (process.argv.includes("--stop")) {
  // only the daemons of the cluster this script configured
  if (!(await fs.pathExists(CONF)) || !(await fs.readFile(CONF, "utf8")).startsWith("# written by xlt-bench")) {
    console.log(`slurm-one-node: ${CONF} is not this script's; nothing stopped`);
    process.exit(0);
  }
  await stop();
  console.log("slurm-one-node: stopped slurmd, slurmctld and munged");
  process.exit(0);
}
if (process.getuid?.() !== 0) {
  console.error("slurm-one-node: needs root (it writes /etc/slurm and /etc/munge and starts the daemons)");
  process.exit(3);
}
for (const c of ["munged", "slurmctld", "slurmd", "sbatch", "sinfo"]) await need(c);

// munge: a key, its run directory, the daemon as its own user
await fs.ensureDir("/etc/munge");
if (!(await fs.pathExists("/etc/munge/munge.key"))) {
  await fs.writeFile("/etc/munge/munge.key", (await import("node:crypto")).randomBytes(1024));
}
await $`chown -R munge:munge /etc/munge`;
await $`chmod 0400 /etc/munge/munge.key`;
for (const d of ["/run/munge", "/var/log/munge", "/var/lib/munge"]) {
  await fs.ensureDir(d);
  await $`chown munge:munge ${d}`;
}
if ((await $({ nothrow: true })`pgrep -x munged`).exitCode !== 0) await $`runuser -u munge -- /usr/sbin/munged`;

// slurm: this host as controller and its only node, reached at 127.0.0.1 whatever its name resolves to; no cgroups (containers), no accounting database
const memMb = Math.floor((totalmem() / 2 ** 20) * 0.9);
const conf = `# written by xlt-bench scripts/slurm-one-node.ts
ClusterName=xlt
SlurmctldHost=${node}(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
KillWait=10
NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus().length} RealMemory=${memMb} State=UNKNOWN
PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP
`;
// never take over a real cluster's configuration
if (
  (await fs.pathExists(CONF)) && !(await fs.readFile(CONF, "utf8")).startsWith("# written by xlt-bench") &&
  !process.argv.includes("--force")
) {
  console.error(
    `slurm-one-node: ${CONF} exists and was not written by this script; not touching it (--force replaces it)`,
  );
  process.exit(3);
}
for (const d of ["/etc/slurm", "/var/spool/slurmctld", "/var/spool/slurmd", "/var/log/slurm"]) await fs.ensureDir(d);
await fs.writeFile(CONF, conf);
await stop().then(() => $({ nothrow: true })`runuser -u munge -- /usr/sbin/munged`);
await $`slurmctld`;
await $`slurmd`;

// wait until the node takes jobs
for (let i = 0; i < 60; i++) {
  const state = (await $({ nothrow: true })`sinfo -h -n ${node} -o %T`).stdout.trim();
  if (state === "idle") {
    console.log(`slurm-one-node: node ${node} idle (${cpus().length} CPUs, ${memMb} MB) in partition debug`);
    process.exit(0);
  }
  if (/down|drain/.test(state)) await $({ nothrow: true })`scontrol update nodename=${node} state=resume`;
  await sleep(1000);
}
const log = async (
  f: string,
) => ((await fs.pathExists(f)) ? (await fs.readFile(f, "utf8")).trim().split("\n").slice(-5).join("\n") : "(no log)");
console.error(
  `slurm-one-node: node ${node} did not become idle in 60 s\nslurmctld: ${await log(
    "/var/log/slurm/slurmctld.log",
  )}\nslurmd: ${await log("/var/log/slurm/slurmd.log")}`,
);
process.exit(1);
