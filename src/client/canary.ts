// The fail-over canary (issue 11): proof that the whole path works before a real key
// needs it — a throw-away key is generated on main, copied to the fail-over site exactly
// as a sync copies one (key-copy.ts), checked on all 2n nodes, then deleted from every
// node of both sites. The delete runs whatever happened before it (a canary must never
// leave a key behind), and its own failure is reported like any other step. Each step
// is timed.
import type { CurveName } from '../crypto/names.ts';
import { toBase64Url } from '../crypto/bytes.ts';
import { randomBytes } from '../crypto/random.ts';
import { copyKey, type CopyPhase } from './key-copy.ts';
import { runFailureSentence } from './failure-words.ts';
import { NodeError } from './node-client.ts';
import { nodeErrorSentence } from './node-error-words.ts';
import type { RunPolicy } from './run-session.ts';
import { newSessionId } from './session-id.ts';
import { agreedResult, ResultError } from './session-result.ts';
import type { SiteClient } from './site-client.ts';

export type CanaryStepName = 'keygen' | 'export' | 'import' | 'verify' | 'delete';

export interface CanaryStep {
  step: CanaryStepName;
  ms: number;
  ok: boolean;
  /** Why the step failed (naming the node), when it did. */
  message?: string;
}

export interface CanaryReport {
  keyId: string;
  curve: string;
  ok: boolean;
  steps: CanaryStep[];
  totalMs: number;
  /** The first failed step's message. */
  failure?: string;
}

export interface CanaryOptions {
  curve?: CurveName;
  signal?: AbortSignal;
  onStep?: (s: CanaryStep) => void;
  policy?: RunPolicy;
  now?: () => number;
}

/** `canary-` and 22 random base64url characters: within the key ID rule (1–64 of A–Z a–z 0–9 _ -). */
export function canaryKeyId(): string {
  return `canary-${toBase64Url(randomBytes(16))}`;
}

const KEYGEN_POLICY: RunPolicy = { pollMs: 200, joinAttempts: 3, joinRetryMs: 500, stopOnRefusal: true };

async function keygen(main: SiteClient, keyId: string, curve: CurveName, options: CanaryOptions): Promise<string | undefined> {
  const sessionId = newSessionId();
  const run = await main.runSession(() => ({ sessionId, kind: 'keygen', parameters: { curve, keyId } }), {
    ...KEYGEN_POLICY,
    ...options.policy,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (run.outcome !== 'done') return `the canary keygen failed: ${runFailureSentence(run, main.site)}`;
  try {
    agreedResult(run.nodes.map((n) => n.view!));
    return undefined;
  } catch (e) {
    if (e instanceof ResultError) return `the canary keygen on site ${main.site.name}: ${e.message}`;
    throw e;
  }
}

/** Delete the key on every node of both sites; a node that does not hold it is fine. The problem, naming each node, or undefined. */
async function deleteEverywhere(clients: readonly SiteClient[], keyId: string): Promise<string | undefined> {
  const problems: string[] = [];
  for (const client of clients) {
    const answers = await client.eachNode(async (apis, node, signal) => {
      try {
        await apis.keys.delete(node, keyId, signal);
      } catch (e) {
        if (e instanceof NodeError && e.status === 404) return;
        throw e;
      }
    });
    for (const a of answers) if (!a.ok) problems.push(nodeErrorSentence(a.error, a.node));
  }
  return problems.length === 0 ? undefined : `canary key ${keyId} could not be deleted everywhere — delete it by hand: ${problems.join('; ')}`;
}

/** A throw-away key generated on main, copied to fail-over, checked on all 2n nodes, then deleted on both sites (also when a step fails). */
export async function runCanary(main: SiteClient, failover: SiteClient, options: CanaryOptions = {}): Promise<CanaryReport> {
  const now = options.now ?? Date.now;
  const curve: CurveName = options.curve ?? 'secp256k1';
  const keyId = canaryKeyId();
  const steps: CanaryStep[] = [];
  const started = now();
  let mark = started;
  const record = (step: CanaryStepName, message?: string) => {
    const t = now();
    const s: CanaryStep = { step, ms: t - mark, ok: message === undefined, ...(message === undefined ? {} : { message }) };
    mark = t;
    steps.push(s);
    options.onStep?.(s);
  };
  try {
    const generated = await keygen(main, keyId, curve, options);
    record('keygen', generated);
    if (generated === undefined) {
      let phase: CopyPhase | undefined;
      const copy = await copyKey(main, failover, keyId, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.policy ? { policy: options.policy } : {}),
        onPhase: (next) => {
          // The reads before the export count toward it.
          if (phase !== undefined) record(phase);
          phase = next;
        },
      });
      if (copy.outcome !== 'copied') record(phase ?? 'export', copy.failure?.message ?? `the canary key was ${copy.outcome}, not copied`);
      else if (phase !== undefined) record(phase);
    }
  } catch (e) {
    record(steps.length === 0 ? 'keygen' : 'export', e instanceof Error ? e.message : String(e));
  } finally {
    mark = now();
    record('delete', await deleteEverywhere([main, failover], keyId));
  }
  const failed = steps.find((s) => !s.ok);
  return { keyId, curve, ok: failed === undefined, steps, totalMs: now() - started, ...(failed?.message === undefined ? {} : { failure: failed.message }) };
}
