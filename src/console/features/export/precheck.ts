// Before an export session starts: would every node of the source site wrap its share under
// the wrapping key meant for it? A node does only with EnableExport on and the key on its
// ExportWhiteList (or "*") — the rule `admits` in src/protocol/export-whitelist.ts, the
// one the node enforces (src/node/sessions/export-admission.ts). Asking first lets the
// console name the refusing nodes and link to their whitelists instead of letting the
// session fail. Pure; no React.
import { admits } from '../../../protocol/export-whitelist.ts';
import type { ExportConfigView } from '../../../client/export-config.ts';

export type NodeVerdict =
  | { index: number; verdict: 'admits' | 'admits-wildcard' }
  | { index: number; verdict: 'export-disabled' | 'not-whitelisted' }
  | { index: number; verdict: 'unknown'; error: string };

export interface PrecheckNode {
  index: number;
  /** The node's export config, or why it could not be read. */
  config: ExportConfigView | { error: string };
  /** Fingerprint of the wrapping key this node would wrap under. */
  wrappingKeyFingerprint: string;
}

export interface Precheck {
  nodes: NodeVerdict[];
  /** Every node was read and admits its wrapping key. */
  ok: boolean;
  refusing: number[];
  unknown: number[];
}

export function verdictFor(config: ExportConfigView, fingerprint: string): Exclude<NodeVerdict['verdict'], 'unknown'> {
  const admission = admits(config, fingerprint);
  // Listed or not, a node with EnableExport off refuses: the pre-check says why in one word.
  return admission === 'listed-export-off' ? 'export-disabled' : admission;
}

export function precheck(nodes: readonly PrecheckNode[]): Precheck {
  const verdicts = nodes.map((n): NodeVerdict => {
    if ('error' in n.config) return { index: n.index, verdict: 'unknown', error: n.config.error };
    return { index: n.index, verdict: verdictFor(n.config, n.wrappingKeyFingerprint) };
  });
  const refusing = verdicts.filter((v) => v.verdict === 'export-disabled' || v.verdict === 'not-whitelisted').map((v) => v.index);
  const unknown = verdicts.filter((v) => v.verdict === 'unknown').map((v) => v.index);
  return { nodes: verdicts, ok: refusing.length === 0 && unknown.length === 0, refusing, unknown };
}

/** One sentence per node, for the pre-check table. */
export function verdictText(v: NodeVerdict, short: string): string {
  switch (v.verdict) {
    case 'admits':
      return `Admits wrapping key ${short}… (on its whitelist)`;
    case 'admits-wildcard':
      return `Admits wrapping key ${short}… (its whitelist is "*": every key)`;
    case 'export-disabled':
      return 'Refuses: export is disabled on this node (EnableExport = false)';
    case 'not-whitelisted':
      return `Refuses: wrapping key ${short}… is not on this node’s export whitelist`;
    case 'unknown':
      return `Unknown: could not read its export config (${v.error})`;
  }
}

/** The summary line above the table. */
export function precheckSummary(p: Precheck): string {
  if (p.ok) return `Every node (${p.nodes.length}) admits its wrapping key. The export can start.`;
  const parts: string[] = [];
  if (p.refusing.length > 0) parts.push(`${nodeList(p.refusing)} ${p.refusing.length === 1 ? 'refuses' : 'refuse'} to export under ${p.refusing.length === 1 ? 'its' : 'their'} wrapping key`);
  if (p.unknown.length > 0) parts.push(`${nodeList(p.unknown)} could not be asked`);
  return `${capitalise(parts.join('; '))}. The nodes would fail the session; change ${p.refusing.length + p.unknown.length === 1 ? 'that node’s' : 'their'} whitelist first.`;
}

export function nodeList(xs: readonly number[]): string {
  if (xs.length === 1) return `node ${xs[0]}`;
  return `nodes ${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
