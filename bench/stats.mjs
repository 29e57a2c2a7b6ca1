// Summaries of timings: quantiles with linear interpolation between ranks.

export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
}

/** n, median (p50), p95, min, max and the interquartile range of a list of numbers. */
export function summary(xs) {
  return {
    n: xs.length,
    p50: quantile(xs, 0.5),
    p95: quantile(xs, 0.95),
    min: Math.min(...xs),
    max: Math.max(...xs),
    iqr: quantile(xs, 0.75) - quantile(xs, 0.25),
  };
}
