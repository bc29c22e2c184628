// The canary's steps in words with their timings: a throw-away key generated on main,
// exported to the fail-over site, imported there under the same ID, checked on all 2n
// nodes, then deleted on both sites.
import type { CanaryReport, CanaryStep, CanaryStepName } from '../../../client/pair-transfer.ts';

export const CANARY_STEPS: readonly CanaryStepName[] = ['keygen', 'export', 'import', 'verify', 'delete'];

export const CANARY_STEP_LABEL: Record<CanaryStepName, string> = {
  keygen: 'Generate a throw-away key on main',
  export: 'Export it under the fail-over nodes’ wrapping keys',
  import: 'Import it on the fail-over site under the same key ID',
  verify: 'Check its public key on all nodes of both sites',
  delete: 'Delete it on both sites',
};

export function stepText(s: CanaryStep): string {
  return `${CANARY_STEP_LABEL[s.step]}: ${s.ok ? 'ok' : 'failed'} in ${s.ms} ms${s.message ? ` — ${s.message}` : ''}`;
}

export function canarySummary(r: CanaryReport): string {
  return r.ok
    ? `Canary ok: ${r.curve} key ${r.keyId} went from main to the fail-over site and was deleted again, in ${r.totalMs} ms.`
    : `Canary failed after ${r.totalMs} ms: ${r.failure ?? 'a step failed'}.`;
}
