// Dynamic padding of token-id rows to the batch's longest row.
export interface PaddedBatch {
  /** [B][T] ids, pad-filled on the right. */
  ids: number[][];
  /** [B][T] 1 for tokens, 0 for padding. */
  mask: number[][];
  T: number;
}

export function padRows(rows: number[][], padId: number): PaddedBatch {
  const T = Math.max(...rows.map((r) => r.length));
  return {
    ids: rows.map((r) => [...r, ...Array(T - r.length).fill(padId)]),
    mask: rows.map((r) => [...r.map(() => 1), ...Array(T - r.length).fill(0)]),
    T,
  };
}

/** The languages of a batch must agree when a method reads each language differently. */
export function batchLanguage(batch: { lang: string }[], method: string): string {
  const lang = batch[0].lang;
  if (batch.some((e) => e.lang !== lang)) throw new Error(`${method}: a batch mixes languages (${[...new Set(batch.map((e) => e.lang))].join(", ")}); it reads each language with its own template`);
  return lang;
}
