/**
 * The `q` quantile (0..1) of `values` by linear interpolation between closest ranks (the definition of
 * numpy's default and Prometheus' `histogram_quantile` within a bucket): the median of 1, 2, 3, 4 is 2.5,
 * the 0.9 quantile of 1..10 is 9.1. Null for no values.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be between 0 and 1, got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * q;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  return lowValue + ((sorted[high] as number) - lowValue) * (rank - low);
}
