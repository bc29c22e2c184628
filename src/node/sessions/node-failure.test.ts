// A node that dies mid-session: the others must fail (timeout naming it) within the
// session deadline and store nothing, and the dead node, started again, has forgotten the
// session. Runs main's three nodes as separately owned processes (site-processes.ts):
// under `keyferry cluster` the supervisor would stop the whole cluster when one dies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toBase64, toHex } from '../../crypto/bytes.ts';
import { getCurve } from '../../crypto/curves.ts';
import { randomScalarBytes } from '../../crypto/random.ts';
import { split } from '../../crypto/shamir.ts';
import type { SessionView } from '../../protocol/session.ts';
import { joinAll, joinEach, newSessionId, NODES, states, waitTerminal } from '../test-support/join-all.ts';
import { readShare } from '../test-support/read-share.ts';
import { startSiteProcesses, type SiteProcesses } from '../test-support/site-processes.ts';
import { PeerCrypto } from '../peer/envelope.ts';

let site: SiteProcesses;

beforeAll(async () => {
  site = await startSiteProcesses('main');
}, 120_000);

afterAll(async () => {
  await site?.stop();
}, 60_000);

async function expectNothingStored(keyId: string, alive: readonly number[]): Promise<void> {
  for (const i of alive) expect((await site.api(i, 'GET', `/v1/keys/${keyId}`)).status, `node ${i} GET /v1/keys/${keyId}`).toBe(404);
  for (const i of NODES) expect(await readShare(site.home, 'main', i, keyId), `node ${i} SQLite row for ${keyId}`).toBeUndefined();
}

function expectTimedOutOn3(views: SessionView[]): void {
  for (const v of views) {
    expect(v.state, JSON.stringify(v.failure)).toBe('failed');
    expect(['timeout', 'peer-unreachable']).toContain(v.failure!.reason);
    expect(v.failure!.node).toBe(3);
    // Within the session deadline (with a little slack for the poll and the clock).
    expect(Date.parse(v.updatedAt)).toBeLessThanOrEqual(Date.parse(v.deadline) + 1000);
  }
}

describe('a node killed mid-session', () => {
  const keyId = 'killed-mid-session';
  let sessionId: string;

  it('killed right after its join returns: the other two fail naming it, within the deadline, and nothing is stored', async () => {
    sessionId = newSessionId();
    const body = { sessionId, kind: 'keygen' as const, parameters: { curve: 'secp256k1', keyId }, timeoutMs: 5000 };
    const first = await joinEach(site.api, body, [1, 2]);
    expect(first.map((r) => r.status)).toEqual([200, 200]);
    const third = await site.api(3, 'POST', '/v1/sessions', body);
    expect(third.status).toBe(200);
    await site.kill(3);
    const views = await waitTerminal(site.api, sessionId, [1, 2], 60_000);
    expectTimedOutOn3(views);
    // Either node 3's hello got out before it died (then 1 and 2 agreed and waited for its
    // "ready") or it did not (then they never agreed); never further than that.
    for (const v of views) expect([['waiting', 'failed'], ['waiting', 'agreed', 'failed']]).toContainEqual(states(v));
    await expectNothingStored(keyId, [1, 2]);
  }, 90_000);

  it('a node that dies after dealing its keygen sub-shares: the others fail in "running" and store nothing', async () => {
    // Node 3 is dead; the test speaks its last words with its identity key: hello, ready,
    // and a valid sealed deal to each peer — then silence before "confirm".
    const mid = newSessionId();
    const midKey = 'died-after-deal';
    const joined = await joinEach(site.api, { sessionId: mid, kind: 'keygen', parameters: { curve: 'secp256k1', keyId: midKey }, timeoutMs: 2000 }, [1, 2]);
    expect(joined.map((r) => r.status)).toEqual([200, 200]);
    const view = joined[0]!.json as SessionView;
    const seed = fromHex(readFileSync(join(site.home, 'main', 'node-3', 'identity.key'), 'utf8').trim());
    const node3 = new PeerCrypto(seed);
    const identity = (i: number) => ed25519.getPublicKey(fromHex(readFileSync(join(site.home, 'main', `node-${i}`, 'identity.key'), 'utf8').trim()));
    const curve = getCurve('secp256k1');
    const dealing = split(curve, randomScalarBytes(curve), { n: 3, t: 1 });
    const commitments = dealing.commitments.map(toBase64);
    const post = async (to: number, round: string, body: unknown, secret: boolean) => {
      const env = await node3.make({ session: mid, kind: 'keygen', from: 3, to, round }, body, identity(to), secret);
      const res = await fetch(`${site.url(to)}/v1/peer/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(env) });
      expect(res.status, `${round} to node ${to}: ${await res.text()}`).toBe(200);
    };
    for (const to of [1, 2]) {
      await post(to, 'hello', { hash: view.parametersHash, parameters: view.parameters }, false);
      await post(to, 'ready', { ok: true }, false);
      await post(to, 'deal', { value: toHex(dealing.shares[to - 1]!.value), commitments }, true);
    }
    const views = await waitTerminal(site.api, mid, [1, 2], 60_000);
    expectTimedOutOn3(views);
    for (const v of views) {
      expect(states(v)).toEqual(['waiting', 'agreed', 'running', 'failed']);
      expect(v.failure!.message).toContain('"confirm"');
    }
    await expectNothingStored(midKey, [1, 2]);
  }, 90_000);

  it('started again, the node has forgotten the session and holds nothing; the site then works', async () => {
    await site.restart(3);
    expect((await site.api(3, 'GET', `/v1/sessions/${sessionId}`)).status).toBe(404);
    expect((await site.api(3, 'GET', `/v1/keys/${keyId}`)).status).toBe(404);
    // Joining the old session again on the restarted node starts it afresh there, alone: the
    // others finished it and refuse its messages (session-finished), so it times out.
    const rejoin = await site.api(3, 'POST', '/v1/sessions', { sessionId, kind: 'keygen', parameters: { curve: 'secp256k1', keyId }, timeoutMs: 2000 });
    expect(rejoin.status).toBe(200);
    expect(rejoin.json.state).toBe('waiting');
    const [alone] = await waitTerminal(site.api, sessionId, [3], 30_000);
    expect(alone!.failure).toMatchObject({ reason: 'timeout', node: 1 });
    for (const i of [1, 2]) expect((await site.api(i, 'GET', `/v1/sessions/${sessionId}`)).json.state).toBe('failed');
    // A new session on all three is done.
    const views = await joinAll(site.api, { sessionId: newSessionId(), kind: 'keygen', parameters: { curve: 'Ed25519', keyId: 'after-restart' } });
    expect(views.map((v) => v.state), JSON.stringify(views.map((v) => v.failure))).toEqual(['done', 'done', 'done']);
    const publicKeys = new Set(views.map((v) => v.result!.publicKey));
    expect(publicKeys.size).toBe(1);
    await expectNothingStored(keyId, NODES);
  }, 90_000);
});
