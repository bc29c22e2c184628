// All sessions of one node. Joining creates a session (or returns the existing one when
// the same ID comes with the same parameters) and starts its flow:
//   waiting  — send "hello" (the agreed parameters and their hash) to every peer and wait
//              for theirs until the join deadline; any difference fails with the field
//              and the nodes on each side;
//   agreed   — local checks (whitelist, key present, unwrap …), "ready" round;
//   running  — the kind's rounds (keygen / export / import);
//   done | failed — a failure is broadcast as "abort" so every node fails the same way.
// Sessions live in memory only: a restarted node does not resume a half-run session.
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { toHex, utf8 } from '../../crypto/bytes.ts';
import { SessionFailureInfo, type JoinSession, type PeerEnvelope, type SessionView } from '../../protocol/session.ts';
import type { SessionDeps } from './deps.ts';
import { EnvelopeError, type PeerCrypto } from '../peer/envelope.ts';
import { exportBatchRunner } from './batch-export.ts';
import { importBatchRunner } from './batch-import.ts';
import { exportRunner } from './export.ts';
import { fail, SessionFailed, type FailureInfo } from './failure.ts';
import { importRunner } from './import.ts';
import { keygenRunner } from './keygen.ts';
import type { BatchRunner, KindRunner } from './kinds.ts';
import { send, type RoundIo } from './rounds.ts';
import { defaultSessionCrypto, type SessionCrypto } from './session-crypto.ts';
import { Session, type AgreedParameters, type Kind } from './session.ts';
import { DEFAULT_JOIN_TIMEOUT_MS, runTimeoutMs } from '../../protocol/session.ts';

/** A single-key kind or a batch kind: the manager runs both through one flow. */
type Runner<P, A extends AgreedParameters, L, R> = KindRunner<P, A, L, R> | BatchRunner<P, A, L, R>;
const isBatch = <P, A extends AgreedParameters, L, R>(r: Runner<P, A, L, R>): r is BatchRunner<P, A, L, R> => 'keyIds' in r;

const KEEP_FINISHED = 500;

/** A peer's "hello": the hash of the parameters it joined with, and the parameters (to name a difference). */
const Hello = z.object({ hash: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() });
type Hello = z.infer<typeof Hello>;

export class PeerRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class JoinConflict extends Error {}

function canonicalHash(kind: Kind, agreed: AgreedParameters): string {
  const sorted = Object.fromEntries(Object.entries(agreed).sort(([a], [b]) => (a < b ? -1 : 1)));
  return toHex(sha256(utf8(JSON.stringify([kind, sorted]))));
}

export class SessionManager {
  readonly #sessions = new Map<string, Session>();
  /**
   * Key IDs a keygen or import session on this node may store under, held from agreement
   * until the session ends. Two sessions for one key ID at once would otherwise both pass
   * the "key is new" check and each store its share on whichever nodes it reached first:
   * one key ID, shares of two different keys across the site.
   */
  readonly #storing = new Map<string, string>();
  readonly #io: RoundIo;
  /** Where batch sessions' curve arithmetic runs (worker threads, or inline). */
  readonly #ec: SessionCrypto;
  /** Long polls waiting for a session to change (nextChange), answered at shutdown. */
  readonly #waiting = new Set<() => void>();

  /** Where diagnostics go; the HTTP app points this at its JSON logger. */
  log: (msg: string, data: Record<string, unknown>) => void = () => {};

  constructor(
    private readonly ctx: SessionDeps,
    private readonly crypto: PeerCrypto,
    ec?: SessionCrypto,
  ) {
    this.#ec = ec ?? defaultSessionCrypto();
    this.#io = {
      peers: ctx.config.peers,
      crypto,
      onUndelivered: (s, peer, round, d) => this.log('peer message not delivered', { session: s.id, peer, round, ...d }),
    };
  }

  /** Where this node's batch curve arithmetic runs; other batch work (the public shares of many keys) uses it too. */
  get curveWork(): SessionCrypto {
    return this.#ec;
  }

  /** Every session this node knows, newest first; a batch's per-key outcomes are left out (read the session for them). */
  list(): SessionView[] {
    return [...this.#sessions.values()].map((s) => this.view(s, false)).reverse();
  }

  get(id: string): SessionView | undefined {
    const s = this.#sessions.get(id);
    return s && this.view(s);
  }

  /** Resolves at the session's next change (state, or a peer's join seen), or after `ms`. */
  nextChange(id: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stop();
        this.#waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiting.add(done);
      const stop = this.ctx.journal.subscribe((event) => {
        if (event.type === 'session.updated' && (event.data as { sessionId?: string }).sessionId === id) done();
      });
    });
  }

  /** Join (or re-join idempotently). Throws JoinRefused (bad parameters) or JoinConflict (same ID, other parameters). */
  join(request: JoinSession, actor: string): SessionView {
    switch (request.kind) {
      case 'keygen':
        return this.#join(request, keygenRunner, actor);
      case 'export': {
        const p = request.parameters;
        return 'keyIds' in p ? this.#join({ ...request, parameters: p }, exportBatchRunner, actor) : this.#join({ ...request, parameters: p }, exportRunner, actor);
      }
      case 'import': {
        const p = request.parameters;
        return 'keys' in p ? this.#join({ ...request, parameters: p }, importBatchRunner, actor) : this.#join({ ...request, parameters: p }, importRunner, actor);
      }
    }
  }

  #join<P, A extends AgreedParameters, L, R>(request: JoinSession & { parameters: P }, runner: Runner<P, A, L, R>, actor: string): SessionView {
    const { agreed, local } = runner.prepare(this.ctx, request.sessionId, request.parameters);
    const agreedHash = canonicalHash(request.kind, agreed);
    const existing = this.#sessions.get(request.sessionId);
    if (existing) {
      if (existing.kind === request.kind && existing.agreedHash === agreedHash) return this.view(existing);
      throw new JoinConflict(`session ${request.sessionId} exists on this node with other parameters (${existing.kind}, hash ${existing.agreedHash.slice(0, 12)}…)`);
    }
    const now = Date.now();
    const joinTimeout = request.timeoutMs ?? DEFAULT_JOIN_TIMEOUT_MS;
    const s = new Session<A, L>({
      id: request.sessionId,
      kind: request.kind,
      node: this.ctx.config.index,
      peers: this.ctx.config.peers.map((p) => p.index),
      agreed,
      agreedHash,
      local,
      joinDeadline: now + joinTimeout,
      deadline: now + joinTimeout + runTimeoutMs(typeof agreed['keys'] === 'number' ? agreed['keys'] : 1),
    });
    this.#sessions.set(s.id, s);
    this.#trim();
    this.ctx.journal.audit(actor, `session.join`, 'ok', { sessionId: s.id, kind: s.kind, parametersHash: agreedHash, ...(agreed.keyId ? { keyId: agreed.keyId } : { keys: agreed['keys'] }) });
    this.#changed(s);
    void this.#run(s, runner);
    return this.view(s);
  }

  /** An inbound peer message. Throws PeerRefusal with the HTTP status to answer. */
  async receive(envelope: PeerEnvelope): Promise<void> {
    const me = this.ctx.config.index;
    if (envelope.to !== me) throw new PeerRefusal(400, 'wrong-receiver', `this is node ${me}, the message is for node ${envelope.to}`);
    const peer = this.ctx.config.peers.find((p) => p.index === envelope.from);
    if (!peer) throw new PeerRefusal(403, 'unknown-peer', `node ${envelope.from} is not a configured peer of node ${me}`);
    let body: unknown;
    try {
      body = await this.crypto.open(envelope, peer.identityKey);
    } catch (e) {
      if (e instanceof EnvelopeError) throw new PeerRefusal(e.code === 'malformed' ? 400 : 403, e.code, e.message);
      throw e;
    }
    const s = this.#sessions.get(envelope.session);
    if (!s) throw new PeerRefusal(404, 'unknown-session', `node ${me} has not joined session ${envelope.session}`);
    if (s.kind !== envelope.kind) throw new PeerRefusal(409, 'kind-mismatch', `session ${s.id} is a ${s.kind} session on node ${me}, not ${envelope.kind}`);
    if (s.has(envelope.round, envelope.from)) throw new PeerRefusal(409, 'replay', `node ${me} already has node ${envelope.from}'s "${envelope.round}" message`);
    if (envelope.round === 'abort') {
      const told = SessionFailureInfo.safeParse(body);
      const info: FailureInfo = told.success ? told.data : { reason: 'internal', message: `node ${envelope.from} gave up without saying why`, node: envelope.from };
      s.deliver('abort', envelope.from, info);
      if (!s.terminal) s.abortWith(info);
      return;
    }
    if (s.terminal) throw new PeerRefusal(409, 'session-finished', `session ${s.id} is already ${s.state} on node ${me}`);
    s.deliver(envelope.round, envelope.from, body);
    if (envelope.round === 'hello') this.#changed(s);
  }

  async #run<P, A extends AgreedParameters, L, R>(s: Session<A, L>, runner: Runner<P, A, L, R>): Promise<void> {
    const io = this.#io;
    try {
      // waiting → agreed
      send(io, s, 'hello', () => ({ hash: s.agreedHash, parameters: s.agreed }), false, s.deadline);
      const hellos = await s.collect('hello', s.joinDeadline, (missing) => ({
        reason: 'timeout',
        message: `node ${missing.join(', ')} did not join within ${Math.round((s.joinDeadline - Date.parse(s.createdAt)) / 1000)} s`,
        node: missing[0]!,
      }));
      this.#checkAgreement(s, new Map([...hellos].map(([node, body]) => [node, Hello.safeParse(body).data ?? {}])));
      this.#move(s, 'agreed');
      // agreed → running: local checks, then everyone must be ready
      const blocked = this.#reserve(s, isBatch(runner) ? runner.keyIds(s) : s.kind === 'export' || !s.agreed.keyId ? [] : [s.agreed.keyId], !isBatch(runner));
      const mine = await runner.precheck(this.ctx, s, blocked);
      send(io, s, 'ready', () => mine, false);
      const ready = new Map<number, R>();
      for (const [node, body] of await s.collectRunning('ready')) {
        const read = runner.ready.safeParse(body);
        if (!read.success) fail('internal', `node ${node} sent a "ready" message node ${s.node} cannot read`, { node });
        ready.set(node, read.data);
      }
      ready.set(s.node, mine);
      this.#move(s, 'running');
      if (isBatch(runner)) {
        s.batch = await runner.run(this.ctx, io, s, ready, this.#ec);
        this.#move(s, 'done');
        const done = s.batch.filter((k) => k.status === 'done').map((k) => k.keyId);
        this.ctx.journal.audit('session', `session.${s.kind}`, 'ok', { sessionId: s.id, keys: s.batch.length, done: done.length, failed: s.batch.filter((k) => k.status === 'failed').length, keyIds: done });
      } else {
        s.result = await runner.run(this.ctx, io, s, ready);
        this.#move(s, 'done');
        this.ctx.journal.audit('session', `session.${s.kind}`, 'ok', { sessionId: s.id, keyId: s.result.keyId, publicKey: s.result.publicKey });
      }
    } catch (e) {
      const info: FailureInfo =
        e instanceof SessionFailed ? e.info : { reason: 'internal', message: `node ${s.node} hit an internal error; see its log` };
      if (!(e instanceof SessionFailed)) this.log('session error', { session: s.id, error: (e as Error).stack ?? String(e) });
      s.failure = info;
      this.#move(s, 'failed');
      this.ctx.journal.audit('session', `session.${s.kind}`, 'refused', { sessionId: s.id, reason: info.reason, node: info.node, field: info.field });
      // Tell the others, unless the failure came from one of them (they told everyone).
      if (s.arrived('abort').length === 0) send(io, s, 'abort', () => info, false, Date.now() + 5000);
    } finally {
      runner.cleanup?.(s);
      for (const keyId of s.held) if (this.#storing.get(keyId) === s.id) this.#storing.delete(keyId);
      setTimeout(() => s.stop.abort(), 5000).unref();
    }
  }

  /**
   * Before the local checks, so the "key is new" check and the store cannot interleave with
   * another session's. A single-key session fails when its key ID is held; a batch goes on
   * without the held ones: they are returned (key ID → the holding session) to fail alone.
   */
  #reserve(s: Session, keyIds: readonly string[], single: boolean): Map<string, string> {
    const blocked = new Map<string, string>();
    for (const keyId of keyIds) {
      const holder = this.#storing.get(keyId);
      if (holder !== undefined && holder !== s.id) {
        if (single) fail('key-exists', `node ${s.node} is already running session ${holder} for key ${keyId}; run one session per key ID at a time`, { node: s.node });
        blocked.set(keyId, holder);
        continue;
      }
      this.#storing.set(keyId, s.id);
      s.held.push(keyId);
    }
    return blocked;
  }

  #checkAgreement(s: Session, hellos: Map<number, Hello>): void {
    const all = new Map<number, Record<string, unknown>>([[s.node, s.agreed], ...[...hellos].map(([n, h]) => [n, h.parameters ?? {}] as const)]);
    if ([...hellos.values()].every((h) => h.hash === s.agreedHash)) return;
    const fields = new Set([...all.values()].flatMap((p) => Object.keys(p)));
    for (const field of [...fields].sort()) {
      const groups = new Map<string, number[]>();
      for (const [node, p] of all) {
        const v = JSON.stringify(p[field] ?? null);
        groups.set(v, [...(groups.get(v) ?? []), node].sort((a, b) => a - b));
      }
      if (groups.size > 1) {
        const sides = [...groups].map(([v, nodes]) => ({ value: JSON.parse(v) as unknown, nodes }));
        fail('mismatch', `the nodes joined with different ${field}: ${sides.map((x) => `node ${x.nodes.join(', ')}`).join(' vs ')}`, { field, sides });
      }
    }
    fail('mismatch', 'the nodes joined with different parameters');
  }

  #move(s: Session, state: Session['state']): void {
    if (s.terminal) return;
    s.setState(state);
    this.#changed(s);
  }

  #changed(s: Session): void {
    const v = this.view(s);
    this.ctx.journal.emit('session.updated', {
      sessionId: v.sessionId,
      kind: v.kind,
      state: v.state,
      node: v.node,
      site: v.site,
      keyId: s.agreed.keyId ?? null,
      joined: v.joined,
      ...(v.failure ? { failure: v.failure } : {}),
      ...(v.result ? { publicKey: v.result.publicKey } : {}),
    });
  }

  #trim(): void {
    if (this.#sessions.size <= KEEP_FINISHED) return;
    for (const [id, s] of this.#sessions) {
      if (this.#sessions.size <= KEEP_FINISHED) break;
      if (s.terminal) this.#sessions.delete(id);
    }
  }

  view(s: Session, withOutcomes = true): SessionView {
    const v: SessionView = {
      sessionId: s.id,
      kind: s.kind,
      state: s.state,
      node: s.node,
      site: this.ctx.config.site,
      parameters: s.agreed,
      parametersHash: s.agreedHash,
      joined: [s.node, ...s.arrived('hello')].sort((a, b) => a - b),
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      joinDeadline: new Date(s.joinDeadline).toISOString(),
      deadline: new Date(s.deadline).toISOString(),
      history: s.history,
    };
    if (s.failure) v.failure = s.failure;
    if (s.result) v.result = s.result;
    if (typeof s.agreed['keys'] === 'number') {
      const outcomes = s.batch ?? [];
      v.batch = {
        keys: s.agreed['keys'],
        done: outcomes.filter((k) => k.status !== 'failed').length,
        failed: outcomes.filter((k) => k.status === 'failed').length,
        ...(withOutcomes && s.batch ? { outcomes: s.batch } : {}),
      };
    }
    return v;
  }

  /** Stop every session's background deliveries (shutdown). */
  close(): void {
    for (const done of [...this.#waiting]) done();
    for (const s of this.#sessions.values()) s.stop.abort();
    this.#ec.close();
  }
}
