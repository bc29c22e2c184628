// Timing helper for benchmarks: run an async operation repeatedly for at least a minimum
// wall time (after a warm-up) and report operations per second.
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** Extra facts needed to read the number (sizes, parameters, iterations). */
  detail?: Record<string, unknown>;
}

export async function opsPerSecond(operation: () => Promise<unknown>, minMillis = 2000, warmup = 3): Promise<{ ops: number; iterations: number; millis: number }> {
  for (let i = 0; i < warmup; i++) await operation();
  let iterations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMillis) {
    await operation();
    iterations++;
    elapsed = performance.now() - start;
  }
  return { ops: (iterations * 1000) / elapsed, iterations, millis: elapsed };
}
