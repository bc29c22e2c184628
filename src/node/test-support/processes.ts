// What tests and benches ask of the machine's processes after they stop something they
// started: is a pid still alive, and which processes' command lines match (Linux /proc;
// elsewhere none are found, so a leak check there checks nothing rather than failing).
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of the processes whose arguments (NUL-separated argv) satisfy `matches`. */
export function processesWhere(matches: (argv: string[]) => boolean): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return matches(readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0'));
      } catch {
        return false;
      }
    })
    .map(Number);
}
