// Pure logic for the dashboard: what a node's last /v1/info answer (or failure) means to
// an operator, and the warnings a site deserves at a glance.
import type { NodeInfo } from '../../../client/info.ts';

export type NodeStatus =
  | { state: 'loading' }
  | { state: 'reachable'; info: NodeInfo }
  | { state: 'unreachable'; reason: string };

/** The short form of a fingerprint: its first 12 hex characters. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.slice(0, 12);
}

export interface SiteWarningInput {
  name: string;
  threshold: number;
  nodes: Array<{ index: number; status: NodeStatus }>;
}

export function siteWarnings(site: SiteWarningInput): string[] {
  const warnings: string[] = [];
  const reachable = site.nodes.flatMap((n) => (n.status.state === 'reachable' ? [{ index: n.index, info: n.status.info }] : []));
  for (const n of site.nodes) {
    if (n.status.state === 'unreachable') warnings.push(`Node ${n.index} is not reachable: ${n.status.reason}.`);
  }
  for (const { index, info } of reachable) {
    if (info.whitelistWildcard) warnings.push(`Node ${index} has the wildcard "*" on its export whitelist: it would wrap its share under any key.`);
    if (info.exportEnabled && info.whitelistSize === 0 && !info.whitelistWildcard) {
      warnings.push(`Node ${index} has export enabled with an empty whitelist: nothing can be exported until a key is added.`);
    }
  }
  for (const { index, info } of reachable) {
    if (info.site !== site.name) warnings.push(`Node ${index} says it belongs to site "${info.site}", not "${site.name}": check the profile.`);
    if (info.index !== index) warnings.push(`Node ${index} says it is node ${info.index}: check the profile.`);
  }
  const shapes = new Set(reachable.map(({ info }) => `${info.n}/${info.t}`));
  if (shapes.size > 1) {
    const list = reachable.map(({ index, info }) => `node ${index}: ${info.n}/${info.t}`).join(', ');
    warnings.push(`Nodes disagree on n/t (${list}).`);
  }
  return warnings;
}
