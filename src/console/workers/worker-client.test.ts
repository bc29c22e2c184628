// The job protocol end to end in Node: the client (worker-client.ts) and the worker's loop
// (serve-jobs.ts) talk over a real MessageChannel, so answers are matched by request ID,
// outputs and failures cross a structured clone, and transfer lists detach the page's
// buffers. The only stand-in is the Worker object itself: a port with terminate/onerror.
import { afterEach, describe, expect, it } from 'vitest';
import { CryptoError } from '../../crypto/errors.ts';
import { connectWorker, runInFreshWorker, type WorkerEndpoint } from './worker-client.ts';
import { WorkerJobError } from './worker-job-error.ts';
import { serveJobs, Transferring } from './serve-jobs.ts';

type TestJobs = {
  echo: { input: { text: string; wait?: number }; output: string };
  sum: { input: Uint8Array; output: number };
  refuse: { input: { field: string }; output: never };
  bytes: { input: number; output: Uint8Array };
  uncloneable: { input: null; output: () => void };
};

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/** A "worker" served by serveJobs on the other end of a MessageChannel. */
function fakeWorker(): WorkerEndpoint & { terminated: boolean; fail: () => void } {
  const channel = new MessageChannel();
  channels.push(channel);
  serveJobs<TestJobs>(channel.port2 as unknown as Parameters<typeof serveJobs>[0], {
    echo: async ({ text, wait }) => {
      if (wait !== undefined) await new Promise((r) => setTimeout(r, wait));
      return text;
    },
    sum: async (bytes) => bytes.reduce((a, b) => a + b, 0),
    refuse: async ({ field }) => {
      throw new CryptoError('invalid-argument', `${field}: not like that`, { field });
    },
    uncloneable: async () => () => {},
    bytes: async (n) => {
      const out = new Uint8Array(n).fill(7);
      return new Transferring(out, [out.buffer]);
    },
  });
  const endpoint = {
    terminated: false,
    onmessage: null as WorkerEndpoint['onmessage'],
    onerror: null as WorkerEndpoint['onerror'],
    postMessage: (message: unknown, transfer: Transferable[]) => channel.port1.postMessage(message, transfer as never),
    terminate() {
      endpoint.terminated = true;
      channel.port1.close();
    },
    fail() {
      endpoint.onerror?.({ preventDefault() {} } as ErrorEvent);
    },
  };
  channel.port1.onmessage = (event) => endpoint.onmessage?.(event as MessageEvent);
  return endpoint;
}

describe('connectWorker + serveJobs', () => {
  it('matches answers to requests by ID, whatever order they finish in', async () => {
    const worker = connectWorker<TestJobs>(fakeWorker(), 'The test worker');
    const slow = worker.run('echo', { text: 'slow', wait: 30 });
    const fast = worker.run('echo', { text: 'fast' });
    expect(await fast).toBe('fast');
    expect(await slow).toBe('slow');
    worker.terminate();
  });

  it('transfers the buffers named in the transfer list (the page’s copy is detached) both ways', async () => {
    const worker = connectWorker<TestJobs>(fakeWorker(), 'The test worker');
    const input = new Uint8Array([1, 2, 3]);
    expect(await worker.run('sum', input, [input.buffer])).toBe(6);
    expect(input.byteLength).toBe(0);
    expect(Array.from(await worker.run('bytes', 4))).toEqual([7, 7, 7, 7]);
    worker.terminate();
  });

  it('carries a failure back as a WorkerJobError with the core’s code, sentence and field', async () => {
    const worker = connectWorker<TestJobs>(fakeWorker(), 'The test worker');
    const error = await worker.run('refuse', { field: 'chainCode' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerJobError);
    expect(error).toMatchObject({ code: 'invalid-argument', message: 'chainCode: not like that', field: 'chainCode' });
    worker.terminate();
  });

  it('says so when the output cannot cross back, instead of leaving the page waiting', async () => {
    const worker = connectWorker<TestJobs>(fakeWorker(), 'The test worker');
    await expect(worker.run('uncloneable', null)).rejects.toMatchObject({ code: 'job-failed', message: expect.stringMatching(/could not be sent/) });
    worker.terminate();
  });

  it('answers a job the worker does not serve with unknown-job', async () => {
    const worker = connectWorker<TestJobs & { missing: { input: null; output: null } }>(fakeWorker(), 'The test worker');
    await expect(worker.run('missing', null)).rejects.toMatchObject({ code: 'unknown-job' });
    worker.terminate();
  });

  it('rejects what is still waiting when the worker fails to load or is terminated', async () => {
    const failing = fakeWorker();
    const a = connectWorker<TestJobs>(failing, 'The test worker');
    const pending = a.run('echo', { text: 'never', wait: 1000 });
    failing.fail();
    await expect(pending).rejects.toMatchObject({ code: 'worker-failed', message: 'The test worker could not start in this browser (Web Worker failed to load).' });
    a.terminate();

    const b = connectWorker<TestJobs>(fakeWorker(), 'The test worker');
    const stopped = b.run('echo', { text: 'never', wait: 1000 });
    b.terminate();
    await expect(stopped).rejects.toMatchObject({ code: 'terminated' });
  });
});

describe('runInFreshWorker', () => {
  it('starts a worker for the job and terminates it after success and after failure', async () => {
    const spawned: ReturnType<typeof fakeWorker>[] = [];
    const spawn = () => {
      const w = fakeWorker();
      spawned.push(w);
      return w;
    };
    expect(await runInFreshWorker<TestJobs, 'echo'>(spawn, 'The test worker', 'echo', { text: 'hi' })).toBe('hi');
    await expect(runInFreshWorker<TestJobs, 'refuse'>(spawn, 'The test worker', 'refuse', { field: 'x' })).rejects.toBeInstanceOf(WorkerJobError);
    expect(spawned.map((w) => w.terminated)).toEqual([true, true]);
  });
});
