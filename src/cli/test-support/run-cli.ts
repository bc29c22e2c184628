// The CLI as an operator runs it, for tests: a separate `keyferry` process (the compiled
// build, through the one launcher) with its exit code and both streams.
import { spawn } from 'node:child_process';
import { keyferryCommand } from '../../node/cluster/cli-launch.ts';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `keyferry <args>` with KEYFERRY_HOME set to `home`, so site names resolve to that cluster's profiles. */
export function runKeyferry(args: string[], home: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const command = keyferryCommand(args);
    const child = spawn(command.file, command.args, {
      cwd: command.cwd,
      env: { ...process.env, KEYFERRY_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
