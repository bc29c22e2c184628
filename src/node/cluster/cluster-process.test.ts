// The cluster-process helper against the real CLI: a cluster that cannot start rejects
// with what it printed, one that is not ready in time is stopped and rejects, and
// withCluster stops the cluster and all its nodes when the caller's work throws.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY, keyferryCommand } from './cli-launch.ts';
import { alive, processesWhere } from '../test-support/processes.ts';
import { READY_LINE, startCluster, withCluster, type ClusterProcess } from './cluster-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'keyferry-cluster-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Processes whose command line names `path`. */
const processesNaming = (path: string) => processesWhere((argv) => argv.join('\0').includes(path));

describe('keyferryCommand', () => {
  it('runs the compiled CLI, with the node flags only for `keyferry node`', () => {
    expect(keyferryCommand(['inspect', 'x']).args).toEqual([CLI_ENTRY, 'inspect', 'x']);
    const node = keyferryCommand(['node', '--config', 'c.toml']).args;
    expect(node.slice(-4)).toEqual([CLI_ENTRY, 'node', '--config', 'c.toml']);
    expect(node[0]).toMatch(/^--max-semi-space-size=/);
  });
});

describe('startCluster / withCluster (real processes)', { timeout: 120_000 }, () => {
  it('rejects with the cluster’s own message when it exits before ready', async () => {
    const home = join(dir, 'a-file');
    writeFileSync(home, 'not a folder\n');
    const failed = await startCluster({ home }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(failed?.message).toMatch(/keyferry cluster exited \(exit code 1\) before it was ready; it printed:\n/);
    expect(failed?.message).toContain('keyferry: cluster:');
    expect(failed?.message).not.toContain(READY_LINE);
  });

  it('stops a cluster that is not ready in time and rejects with its output', async () => {
    let seen: ClusterProcess | undefined;
    const home = join(dir, 'slow');
    const failed = await startCluster({ home, readyTimeoutMs: 300 }).then(
      (c) => (seen = c),
      (e: unknown) => e as Error,
    );
    expect(seen).toBeUndefined();
    expect((failed as Error).message).toMatch(/keyferry cluster was not ready within 0.3 s; it printed:/);
    expect(processesNaming(home)).toEqual([]);
  });

  it('withCluster stops the cluster and every node when the work throws', async () => {
    let pids: number[] = [];
    let cluster: ClusterProcess | undefined;
    const thrown = await withCluster({ home: join(dir, 'home') }, async (c) => {
      cluster = c;
      pids = c.nodePids();
      expect(pids).toHaveLength(6);
      expect(pids.every(alive)).toBe(true);
      throw new Error('the caller failed');
    }).catch((e: unknown) => e as Error);
    expect(thrown.message).toBe('the caller failed');
    expect(cluster!.child.exitCode).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
  });
});
