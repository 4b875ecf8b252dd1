// The torch engine: scripts/pretrain_torch.py runs both stages (about ten times
// faster than tfjs on a CPU) from the files in the working folder, and resumes
// from its checkpoint; its weights come back through safetensors.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import type { XlmrConfig } from "../../models/config.ts";
import { readSafetensors } from "../../models/safetensors.ts";
import { xlmrFromTensors } from "../../models/xlmr.ts";
import { log } from "./log.ts";
import type { PretrainOptions } from "./options.ts";
import type { Trained } from "./trained.ts";

export type TorchOptions = Pick<
  PretrainOptions,
  | "id"
  | "steps"
  | "bowFrom"
  | "bow"
  | "batch"
  | "lr"
  | "seed"
  | "threads"
  | "device"
  | "minutes"
  | "ckptEvery"
  | "python"
>;

/** The command line of scripts/pretrain_torch.py. */
export function torchArgs(work: string, o: TorchOptions): string[] {
  return [
    join(PROJECT_ROOT, "scripts", "pretrain_torch.py"),
    work,
    ...["--steps", String(o.steps), "--bow-from", String(o.bowFrom), "--bow-share", String(o.bow.share)],
    ...["--bow-lr-scale", String(o.bow.lrScale), "--bow-warmup", String(o.bow.warmup), "--batch", String(o.batch)],
    ...["--lr", String(o.lr), "--seed", String(o.seed), "--threads", String(o.threads), "--device", o.device],
    ...["--minutes", String(o.minutes), "--ckpt-every", String(Math.max(o.ckptEvery, 500))],
  ];
}

/** Runs the torch engine; if it fails, says how to resume and exits with its status. */
export function trainWithTorch(work: string, config: XlmrConfig, o: TorchOptions): Trained {
  const r = spawnSync(o.python, torchArgs(work, o), { stdio: "inherit" });
  if (r.error) {
    throw new Error(
      `could not start ${o.python}: ${r.error.message} (install python3-torch, or set --python / XLT_PYTHON)`,
    );
  }
  if (r.status !== 0) {
    log(`torch engine exited with ${r.status}; run the same command again to resume from its checkpoint`);
    process.exit(r.status ?? 1);
  }
  const result = JSON.parse(readFileSync(join(work, "torch-result.json"), "utf8"));
  const weights = readSafetensors(
    new Uint8Array(readFileSync(join(work, "torch-weights.safetensors"))),
    "torch-weights.safetensors",
  );
  const where = result.device === "cpu"
    ? `CPU (torch intra-op threads ${result.threads}; OpenBLAS may use more cores)`
    : result.device;
  return {
    model: xlmrFromTensors(config, weights.tensors, o.id),
    steps: result.step,
    engine: `PyTorch ${result.torch} on ${where}`,
    engineHeldOut: result.heldOut,
    trainSeconds: result.seconds,
  };
}
