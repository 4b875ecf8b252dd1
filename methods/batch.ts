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
