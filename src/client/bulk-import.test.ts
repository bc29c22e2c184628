// The bulk import pipeline over a stand-in site: three nodes behind the real site client
// and the real importBatch, whose key lists, wrapping keys and import sessions are
// answered in memory (a join is done at once, each key's outcome as the test says). The
// keys are made by node:crypto and wrapped for real (inlineWrapper), so the public keys in
// the report are checked against node:crypto's. Covered: skip / conflict / half-held from
// the first read, a duplicate key ID, an unreadable key, a key the session refuses, input
// order, one batch wrapped ahead and no further (the iterator is not pulled ahead), an
// abort after a batch, progress, and the CSV / JSON report and the manifest reader.
// Real nodes: src/cli/import-many.test.ts.
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BulkImportError,
  BulkInputError,
  importMany,
  inlineWrapper,
  parseManifestLine,
  reportToCsv,
  reportToJson,
  type BulkKeyInput,
  type BulkKeyReport,
  type BulkProgress,
  type SplitWrapper,
} from './bulk-import.ts';
import type { NodeKey } from './keys.ts';
import { NodeError } from './node-client.ts';
import { createSiteClient, type NodeApis, type SiteClient } from './site-client.ts';
import type { SiteNode } from './site.ts';
import type { JoinSession, SessionView } from '../protocol/session.ts';

const N = 3;
const wrappingKeys = Array.from({ length: N }, () => {
  const der = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' });
  return { spki: der.toString('base64'), fingerprint: createHash('sha256').update(der).digest('hex'), bits: 2048, keys: [] };
});

const spkiOf = (k: KeyObject) => k.export({ type: 'spki', format: 'der' }).toString('base64');

/** A P-256 key from node:crypto: the input and the public key node:crypto derives. */
function ecKey(keyId: string, source = `${keyId}.pem`): { input: BulkKeyInput; publicKey: string } {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { input: { keyId, source, key: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string }, publicKey: spkiOf(pair.publicKey) };
}

const nodeKey = (keyId: string, publicKey: string): NodeKey => ({ keyId, curve: 'P-256', publicKey, chainCode: false, createdAt: '2026-01-01T00:00:00Z', origin: 'import' });

interface StandIn {
  client: SiteClient;
  /** Every batch the site was asked to import (key IDs in order), once per session. */
  sessions: string[][];
  /** Called when a session is joined (by node 1), and awaited before it answers. */
  onSession?: (keyIds: string[]) => Promise<void> | void;
}

/**
 * A site of N nodes: node i holds `held[i - 1]`; `refuse` names key IDs the session fails
 * (verification-failed, as a node would for a wrong share); `unreachable` makes key reads fail.
 */
function standInSite(options: { held?: NodeKey[][]; refuse?: Set<string>; unreachable?: boolean } = {}): StandIn {
  const nodes: SiteNode[] = Array.from({ length: N }, (_, i) => ({ index: i + 1, url: `http://node-${i + 1}.test`, token: 't', site: 'main' }));
  const views = new Map<string, SessionView>();
  const standIn: StandIn = { client: undefined!, sessions: [] };
  const viewFor = (node: SiteNode, request: JoinSession): SessionView => {
    const at = new Date().toISOString();
    const base = { sessionId: request.sessionId, kind: request.kind, state: 'done' as const, node: node.index, site: 'main', parameters: {}, parametersHash: 'h', joined: [1, 2, 3], createdAt: at, updatedAt: at, joinDeadline: at, deadline: new Date(Date.now() + 60_000).toISOString(), history: [{ state: 'done' as const, at }] };
    const p = request.parameters as { keys?: Array<{ keyId: string; publicKey: string; curve: 'P-256'; threshold: number }>; keyId?: string; publicKey?: string; curve?: 'P-256'; threshold?: number };
    const keys = p.keys ?? [{ keyId: p.keyId!, publicKey: p.publicKey!, curve: p.curve!, threshold: p.threshold! }];
    const outcomes = keys.map((k) =>
      options.refuse?.has(k.keyId)
        ? { keyId: k.keyId, status: 'failed' as const, failure: { reason: 'verification-failed' as const, message: `key ${k.keyId}: the shares do not lie on one polynomial`, node: 2 } }
        : { keyId: k.keyId, status: 'done' as const, publicKey: k.publicKey },
    );
    if (p.keys === undefined) {
      const o = outcomes[0]!;
      return o.status === 'failed' ? { ...base, state: 'failed', failure: o.failure } : { ...base, result: { keyId: o.keyId, curve: 'P-256', threshold: 1, publicKey: o.publicKey } };
    }
    return { ...base, batch: { keys: keys.length, done: outcomes.filter((o) => o.status === 'done').length, failed: outcomes.filter((o) => o.status === 'failed').length, outcomes } };
  };
  const apis = {
    keys: {
      list: async (node: SiteNode) => {
        if (options.unreachable && node.index === 2) throw new NodeError(0, 'unreachable', 'not reachable', undefined, undefined, 'ECONNREFUSED', node);
        return options.held?.[node.index - 1] ?? [];
      },
    },
    exportConfig: { wrappingKeys: async (node: SiteNode) => wrappingKeys[node.index - 1]! },
    sessions: {
      join: async (node: SiteNode, request: JoinSession) => {
        const key = `${request.sessionId}/${node.index}`;
        if (!views.has(key)) {
          if (node.index === 1) {
            const p = request.parameters as { keys?: Array<{ keyId: string }>; keyId?: string };
            const ids = p.keys?.map((k) => k.keyId) ?? [p.keyId!];
            standIn.sessions.push(ids);
            await standIn.onSession?.(ids);
          }
          views.set(key, viewFor(node, request));
        }
        return views.get(key)!;
      },
      get: async (node: SiteNode, sessionId: string) => {
        const v = views.get(`${sessionId}/${node.index}`);
        if (!v) throw new NodeError(404, 'not-found', `no session ${sessionId}`);
        return v;
      },
      list: async () => [...views.values()],
    },
  } as unknown as NodeApis;
  standIn.client = createSiteClient({ name: 'main', threshold: 1, nodes }, apis);
  return standIn;
}

/** The inputs as an async iterable that records how far it was pulled and whether it was closed. */
function source(items: readonly BulkKeyInput[]): AsyncIterable<BulkKeyInput> & { pulled: number; closed: boolean } {
  const s = {
    pulled: 0,
    closed: false,
    [Symbol.asyncIterator]() {
      return {
        next: async (): Promise<IteratorResult<BulkKeyInput>> => (s.pulled < items.length ? { done: false, value: items[s.pulled++]! } : { done: true, value: undefined }),
        return: async (): Promise<IteratorResult<BulkKeyInput>> => {
          s.closed = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return s;
}

const statuses = (report: readonly BulkKeyReport[]) => report.map((r) => [r.keyId, r.status, r.reason]);

describe('importMany over a stand-in site', () => {
  it('imports every key in batches, reports in input order with the public keys node:crypto derives', async () => {
    const keys = Array.from({ length: 7 }, (_, i) => ecKey(`k${i}`));
    const site = standInSite();
    const seen: BulkKeyReport[] = [];
    const progress: BulkProgress[] = [];
    const { report, progress: end } = await importMany(site.client, source(keys.map((k) => k.input)), {
      wrapper: inlineWrapper(),
      batchSize: 3,
      total: 7,
      onKey: (r) => seen.push(r),
      onProgress: (p) => progress.push(p),
    });
    expect(site.sessions).toEqual([['k0', 'k1', 'k2'], ['k3', 'k4', 'k5'], ['k6']]);
    expect(report.map((r) => [r.keyId, r.status, r.source])).toEqual(keys.map((k) => [k.input.keyId, 'done', `${k.input.keyId}.pem`]));
    expect(report.map((r) => r.publicKey)).toEqual(keys.map((k) => k.publicKey));
    expect(seen).toEqual(report);
    expect(progress.map((p) => p.done)).toEqual([3, 6, 7]);
    expect(progress.every((p) => p.total === 7 && p.keysPerSecond >= 0)).toBe(true);
    expect(end).toMatchObject({ total: 7, done: 7, skipped: 0, failed: 0, inFlight: 0, secondsLeft: 0 });
  });

  it('from the first read: the same key on every node is skipped, another key under the ID or a half-held one fails, never sent', async () => {
    const same = ecKey('same');
    const other = ecKey('other');
    const half = ecKey('half');
    const fresh = ecKey('fresh');
    const everywhere = (k: NodeKey) => [k, k, k].map((x) => [x]);
    const held = everywhere(nodeKey('same', same.publicKey)).map((row, i) => [...row, nodeKey('other', 'MFkwSomethingElse'), ...(i === 0 ? [nodeKey('half', half.publicKey)] : [])]);
    const site = standInSite({ held });
    const { report, progress } = await importMany(site.client, source([same.input, other.input, half.input, fresh.input]), { wrapper: inlineWrapper() });
    expect(statuses(report)).toEqual([
      ['same', 'skipped', 'already-present'],
      ['other', 'failed', 'conflict'],
      ['half', 'failed', 'half-held'],
      ['fresh', 'done', undefined],
    ]);
    expect(report[1]!.message).toContain('key ID other is held on site main (nodes 1, 2, 3) for another key');
    expect(report[1]!.message).toContain('never overwritten');
    expect(report[2]!.message).toContain('node 1 hold it, nodes 2, 3 do not');
    expect(report[0]!.publicKey).toBe(same.publicKey);
    expect(site.sessions).toEqual([['fresh']]);
    expect(progress).toMatchObject({ done: 1, skipped: 1, failed: 2 });
  });

  it('a key ID given twice: the second fails; an unreadable key and a key the session refuses fail alone', async () => {
    const a = ecKey('a');
    const again = { ...ecKey('a', 'later.pem').input };
    const broken: BulkKeyInput = { keyId: 'broken', source: 'manifest.jsonl:3', key: 'not a key at all' };
    const refused = ecKey('refused');
    const b = ecKey('b');
    const site = standInSite({ refuse: new Set(['refused']) });
    const { report } = await importMany(site.client, source([a.input, again, broken, refused.input, b.input]), { wrapper: inlineWrapper() });
    expect(statuses(report)).toEqual([
      ['a', 'done', undefined],
      ['a', 'failed', 'duplicate'],
      ['broken', 'failed', 'invalid-key'],
      ['refused', 'failed', 'verification-failed'],
      ['b', 'done', undefined],
    ]);
    expect(report[1]).toMatchObject({ source: 'later.pem', message: 'later.pem: key ID a appears earlier in the input; only the first is imported' });
    expect(report[2]!.message).toMatch(/^manifest\.jsonl:3: key broken is not a private key Keyferry reads/);
    expect(report[2]!.message).not.toContain('not a key at all');
    expect(report[3]!.message).toContain('refused');
    expect(report[4]!.publicKey).toBe(b.publicKey);
    expect(site.sessions).toEqual([['a', 'refused', 'b']]);
  });

  it('wraps batch k+1 while batch k imports, and pulls the input no further than that', async () => {
    const keys = Array.from({ length: 10 }, (_, i) => ecKey(`s${i}`).input);
    const input = source(keys);
    const events: string[] = [];
    const inner = inlineWrapper();
    const wrapper: SplitWrapper = {
      async wrap(items, targets, t) {
        events.push(`wrap ${items[0]!.keyId}`);
        return inner.wrap(items, targets, t);
      },
    };
    const site = standInSite();
    const pulledAtSession: number[] = [];
    site.onSession = async (ids) => {
      pulledAtSession.push(input.pulled);
      events.push(`import ${ids[0]}`);
      // Long enough for the next batch to be read and wrapped meanwhile.
      await new Promise((r) => setTimeout(r, 150));
      events.push(`imported ${ids[0]}`);
    };
    await importMany(site.client, input, { wrapper, batchSize: 2 });
    expect(site.sessions.length).toBe(5);
    // Batch k+1 is wrapped before batch k's session ends, never batch k+2.
    for (let k = 0; k < 4; k++) {
      expect(events.indexOf(`wrap s${2 * k + 2}`)).toBeLessThan(events.indexOf(`imported s${2 * k}`));
      if (k < 3) expect(events.indexOf(`wrap s${2 * k + 4}`)).toBeGreaterThan(events.indexOf(`imported s${2 * k}`));
    }
    // While batch k is imported, at most batches k and k+1 have been pulled.
    pulledAtSession.forEach((pulled, k) => expect(pulled).toBeLessThanOrEqual(Math.min(10, 2 * (k + 2))));
  });

  it('an abort stops after the batch being imported: later keys are left out of the report and the input is closed', async () => {
    const keys = Array.from({ length: 9 }, (_, i) => ecKey(`x${i}`).input);
    const input = source(keys);
    const stop = new AbortController();
    const site = standInSite();
    const { report, progress } = await importMany(site.client, input, { wrapper: inlineWrapper(), batchSize: 3, total: 9, signal: stop.signal, onProgress: (p) => p.done === 3 && stop.abort() });
    expect(report.map((r) => r.keyId)).toEqual(['x0', 'x1', 'x2']);
    expect(site.sessions).toEqual([['x0', 'x1', 'x2']]);
    expect(input.pulled).toBeLessThanOrEqual(6);
    expect(input.closed).toBe(true);
    expect(progress).toMatchObject({ done: 3, total: 9, inFlight: 0 });
    expect(progress.secondsLeft).toBeGreaterThan(0);
  });

  it('aborted before it starts: nothing pulled, nothing imported', async () => {
    const input = source([ecKey('z').input]);
    const stop = new AbortController();
    stop.abort();
    const site = standInSite();
    const { report } = await importMany(site.client, input, { wrapper: inlineWrapper(), signal: stop.signal });
    expect(report).toEqual([]);
    expect(input.pulled).toBe(0);
    expect(site.sessions).toEqual([]);
  });

  it('a node that cannot be read stops the run before any key is pulled, naming the node', async () => {
    const input = source([ecKey('y').input]);
    const site = standInSite({ unreachable: true });
    const error = await importMany(site.client, input, { wrapper: inlineWrapper() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkImportError);
    expect((error as Error).message).toContain('cannot read site main before the import: main node 2 (http://node-2.test)');
    expect((error as Error).message).toContain('nothing was imported');
    expect(input.pulled).toBe(0);
  });

  it('the input failing part-way: the batches before it are reported on the error', async () => {
    const keys = [ecKey('p0').input, ecKey('p1').input];
    async function* failing() {
      yield keys[0]!;
      yield keys[1]!;
      throw new Error('EIO: the disk went away');
    }
    const site = standInSite();
    const error = (await importMany(site.client, failing(), { wrapper: inlineWrapper(), batchSize: 2 }).catch((e: unknown) => e)) as BulkImportError;
    expect(error).toBeInstanceOf(BulkImportError);
    expect(error.message).toContain('EIO: the disk went away');
    expect(error.report.map((r) => [r.keyId, r.status])).toEqual([['p0', 'done'], ['p1', 'done']]);
  });

  it('a wrapper that fails for a whole batch: its keys fail with the reason, the run goes on', async () => {
    let calls = 0;
    const inner = inlineWrapper();
    const wrapper: SplitWrapper = { wrap: async (items, t, th) => (++calls === 1 ? Promise.reject(new Error('worker 1 exited (code 1)')) : inner.wrap(items, t, th)) };
    const site = standInSite();
    const { report } = await importMany(site.client, source([ecKey('w0').input, ecKey('w1').input]), { wrapper, batchSize: 1 });
    expect(statuses(report)).toEqual([['w0', 'failed', 'invalid-key'], ['w1', 'done', undefined]]);
    expect(report[0]!.message).toContain('worker 1 exited (code 1)');
  });
});

describe('the report', () => {
  const report: BulkKeyReport[] = [
    { keyId: 'a', source: 'a.pem', status: 'done', publicKey: 'MFkw' },
    { keyId: 'b', source: 'keys.jsonl:2', status: 'failed', reason: 'conflict', message: 'key ID b is held, "elsewhere", for another key\nsecond line' },
  ];

  it('CSV: a header row, fields quoted where they hold a comma, a quote or a line break', () => {
    expect(reportToCsv(report)).toBe(
      'keyId,source,status,reason,message,publicKey\r\n' +
        'a,a.pem,done,,,MFkw\r\n' +
        'b,keys.jsonl:2,failed,conflict,"key ID b is held, ""elsewhere"", for another key\nsecond line",\r\n',
    );
    expect(reportToCsv([])).toBe('keyId,source,status,reason,message,publicKey\r\n');
  });

  it('JSON: the format and one object per key, without empty fields', () => {
    expect(JSON.parse(reportToJson(report))).toEqual({ format: 'keyferry-bulk-report/1', keys: report });
  });
});

describe('parseManifestLine', () => {
  it('reads keyId, key and an optional chain code; the source names the line', () => {
    expect(parseManifestLine('{"keyId":"k1","key":"abc"}', 4, 'keys.jsonl')).toEqual({ keyId: 'k1', source: 'keys.jsonl:4', key: 'abc' });
    expect(parseManifestLine(`{"keyId":"k1","key":"abc","chainCode":"${'ab'.repeat(32)}"}`, 1, 'm.jsonl').chainCode).toBe('ab'.repeat(32));
  });

  const refused: Array<[string, string, string | undefined]> = [
    ['{"keyId":"k1","key":"SECRET-TEXT"', 'm.jsonl:7: not valid JSON', undefined],
    ['[1,2]', 'm.jsonl:7: expected a JSON object', undefined],
    ['{"key":"SECRET-TEXT"}', 'm.jsonl:7: "keyId" must be 1–64 characters', 'keyId'],
    ['{"keyId":"bad id","key":"SECRET-TEXT"}', 'm.jsonl:7: "keyId" must be', 'keyId'],
    ['{"keyId":"k1"}', 'm.jsonl:7: "key" must be the private key', 'key'],
    ['{"keyId":"k1","key":"SECRET-TEXT","chainCode":"12"}', 'm.jsonl:7: "chainCode" must be 64 hex digits', 'chainCode'],
    ['{"keyId":"k1","key":"SECRET-TEXT","curve":"P-256"}', 'm.jsonl:7: unknown field "curve"', 'curve'],
  ];
  it.each(refused)('%s → %s', (line, message, field) => {
    let error: unknown;
    try {
      parseManifestLine(line, 7, 'm.jsonl');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BulkInputError);
    expect((error as BulkInputError).message).toContain(message);
    expect((error as BulkInputError).message).not.toContain('SECRET');
    expect((error as BulkInputError).field).toBe(field);
  });
});
