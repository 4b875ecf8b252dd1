// Progress lines for a run: cell i of n, step, loss, dev accuracy, ETAs.
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h ? `${h}:${String(m).padStart(2, "0")}:${String(r).padStart(2, "0")}` : `${m}:${String(r).padStart(2, "0")}`;
}

export interface CellProgress {
  index: number;
  step: number;
  totalSteps: number;
  loss: number;
  devAccuracy?: number;
  startedAt: number;
}

export function progressLine(p: CellProgress, total: number, label: string, now: number, runEta: number): string {
  const elapsed = (now - p.startedAt) / 1000;
  const cellEta = p.step > 0 ? (elapsed / p.step) * (p.totalSteps - p.step) : NaN;
  const dev = p.devAccuracy !== undefined ? ` dev ${(p.devAccuracy * 100).toFixed(1)}%` : "";
  return `[cell ${p.index}/${total}] ${label} | step ${p.step}/${p.totalSteps} loss ${
    p.loss.toFixed(4)
  }${dev} | cell ETA ${formatDuration(cellEta)} | run ETA ${formatDuration(runEta)}`;
}
