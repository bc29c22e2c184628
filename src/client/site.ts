// A site as every client sees it — its name, threshold and nodes in index order 1..n, each
// with its URL and API token — and the one reader that builds it from a site profile
// (SiteProfile in src/protocol/site-profile.ts: the `.keyferry/sites/<site>.json` format).
// The console and the CLI put the reader's refusal into their own sentences; both name the
// same field.
import { SiteProfile } from '../protocol/site-profile.ts';
import type { NodeTarget } from './node-client.ts';

export interface SiteNode extends NodeTarget {
  index: number;
}

export interface Site {
  name: string;
  threshold: number;
  /** In index order 1..n. */
  nodes: SiteNode[];
}

/** Why a profile was refused: `path` is the offending field as a list ([] for the whole profile). */
export class SiteProfileError extends Error {
  override readonly name = 'SiteProfileError';
  constructor(
    readonly path: ReadonlyArray<string | number>,
    /** What is wrong with that field, e.g. "a node URL is http(s)://host:port with no path". */
    readonly reason: string,
    /** The text was not JSON at all. */
    readonly notJson = false,
  ) {
    super(path.length === 0 ? `profile: ${reason}` : `${pathText(path)}: ${reason}`);
  }
}

/** nodes[0].url */
export function pathText(path: ReadonlyArray<string | number>): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
}

/** A parsed profile (JSON already read) as a Site; throws SiteProfileError naming the field. */
export function siteFromProfile(json: unknown): Site {
  const parsed = SiteProfile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SiteProfileError((issue?.path ?? []).map((p) => (typeof p === 'number' ? p : String(p))), issue?.message ?? 'invalid');
  }
  const p = parsed.data;
  return {
    name: p.site,
    threshold: p.threshold,
    nodes: [...p.nodes].sort((a, b) => a.index - b.index).map((n) => ({ index: n.index, url: n.url, token: n.token, site: p.site })),
  };
}

/** A profile's text as a Site; not-JSON is a SiteProfileError with `notJson` set. */
export function siteFromProfileText(text: string): Site {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SiteProfileError([], (e as Error).message, true);
  }
  return siteFromProfile(json);
}

/** "main node 2 (http://127.0.0.1:41234)" — or "node 2 (…)" when the site is not known. */
export function nodeName(node: Readonly<NodeTarget>): string {
  const who = node.index === undefined ? 'node' : `node ${node.index}`;
  return `${node.site === undefined ? '' : `${node.site} `}${who} (${node.url})`;
}
