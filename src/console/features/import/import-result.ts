// What an import session's end means: every node done, all reporting the bundle's public
// key under one key ID — or, in words, which node failed and why / what disagreed.
import { toBase64 } from '../../../crypto/bytes.ts';
import type { Bundle } from '../../../crypto/bundle.ts';
import type { SiteRun } from '../../../client/run-session.ts';

export type ImportVerdict =
  | { ok: true; keyId: string; alreadyPresent: boolean }
  | { ok: false; problems: string[] };

export function importVerdict(run: SiteRun, bundle: Bundle): ImportVerdict {
  const problems: string[] = [];
  const expected = toBase64(bundle.publicKey);
  const keyIds = new Set<string>();
  for (const node of run.nodes) {
    if (node.phase === 'refused') problems.push(`Node ${node.index} refused to join: ${node.error ?? 'no reason given'}.`);
    else if (node.phase === 'lost') problems.push(`Node ${node.index} stopped answering: ${node.error ?? 'no reason given'}.`);
    else if (node.view?.state === 'failed') problems.push(`Node ${node.index}: ${node.view.failure?.message ?? 'failed without a reason'}.`);
    else if (node.view?.state === 'done') {
      const result = node.view.result;
      if (result === undefined) problems.push(`Node ${node.index} reports done without a result.`);
      else {
        keyIds.add(result.keyId);
        if (result.publicKey !== expected) problems.push(`Node ${node.index} holds a different public key than the one imported: do not use this key.`);
      }
    } else problems.push(`Node ${node.index} has not finished.`);
  }
  if (keyIds.size > 1) problems.push(`The nodes stored the key under different key IDs (${[...keyIds].join(', ')}).`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, keyId: [...keyIds][0]!, alreadyPresent: run.nodes.every((n) => n.view?.result?.alreadyPresent === true) };
}
