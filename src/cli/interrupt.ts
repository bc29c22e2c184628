// Ctrl-C for the commands that work in batches (import-many, migrate, pair sync): the first
// interrupt asks the run to stop after the batch in hand — so nothing is left half-done —
// and says so; a second one exits at once (the next run picks up from the nodes' state).
export function interruptible(stopping: string): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`\n${stopping} (Ctrl-C again to quit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, done: () => process.off('SIGINT', onSigint) };
}
