// Small pieces the batch runners share: running per-key work with bounded concurrency,
// and reading every node's "ready" entry for one key into one verdict (the same on every
// node, as each reads the same messages).
import type { FailureInfo } from './failure.ts';

/** Run `work` on every item, at most `limit` at once; resolves when all are done. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** One node's ready entry for one key: it can go on, or why not. */
export type KeyReadyEntry = { ok: true; chainCodeHash?: string | null; present?: boolean } | { ok: false; failure: FailureInfo };

export interface KeyVerdict {
  failure?: FailureInfo;
  /** Import: on how many nodes the key is held already. */
  present: 'none' | 'some' | 'all';
}

/** Every node's entry for one key (by node index) → whether it goes on. A missing entry fails the key, naming the node. */
export function settle(entries: ReadonlyArray<readonly [number, KeyReadyEntry | undefined]>, keyId: string): KeyVerdict {
  const sorted = [...entries].sort(([a], [b]) => a - b);
  for (const [node, e] of sorted) {
    if (e === undefined) return { failure: { reason: 'internal', message: `node ${node} said nothing about key ${keyId}`, node }, present: 'none' };
    if (!e.ok) return { failure: e.failure, present: 'none' };
  }
  const ok = sorted.map(([node, e]) => [node, e as Extract<KeyReadyEntry, { ok: true }>] as const);
  const hashes = new Map<string, number[]>();
  for (const [node, e] of ok) {
    const h = JSON.stringify(e.chainCodeHash ?? null);
    hashes.set(h, [...(hashes.get(h) ?? []), node]);
  }
  const held = ok.filter(([, e]) => e.present).length;
  const present = held === 0 ? 'none' : held === ok.length ? 'all' : 'some';
  // Nodes that hold the key already unwrapped nothing (no hash): only the others' chain codes must agree.
  if (present === 'none' && hashes.size > 1) {
    return {
      failure: {
        reason: 'mismatch',
        message: `the nodes unwrapped different chain codes for key ${keyId}`,
        field: 'chainCode',
        sides: [...hashes].map(([value, nodes]) => ({ value: JSON.parse(value) as unknown, nodes })),
      },
      present,
    };
  }
  return { present };
}
