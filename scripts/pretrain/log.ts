// The pretraining run's log lines, each marked as the script's own.
export const log = (s: string) => console.log(`[pretrain] ${s}`);
