// The CLI's client for one site: read a site profile (docs/cluster.md "Site profiles"),
// and one function per admin-API call a CLI command makes to one node of it. Every
// failure is a SiteCallError (a CliError) whose sentence names the site, the node and its
// URL and says why: unreachable, the token refused (401/403), or the node's own error
// sentence with its code and field.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ErrorBody } from '../protocol/api.ts';
import { SessionView, type JoinSession } from '../protocol/session.ts';
import { SiteName, SiteProfile, type SiteProfileNode } from '../protocol/site-profile.ts';
import { profileFile, resolveHome } from '../node/cluster/layout.ts';
import { CliError, EXIT_USAGE } from './errors.ts';
import { readText } from './io.ts';

/** Per request; a node that answers nothing within this is reported unreachable. */
const REQUEST_TIMEOUT_MS = 15_000;

export interface SiteNode extends SiteProfileNode {
  site: string;
}

export interface Site {
  site: string;
  threshold: number;
  /** In index order 1..n. */
  nodes: SiteNode[];
  /** Where the profile was read from. */
  file: string;
}

/** How a call to a node failed: `status` is the HTTP status, undefined when no answer came. */
export class SiteCallError extends CliError {
  constructor(
    message: string,
    readonly node: SiteNode,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SiteCallError';
  }

  /** The node never answered (connection refused, DNS, timeout): worth trying again. */
  get unreachable(): boolean {
    return this.status === undefined;
  }
}

/** "main node 2 (http://127.0.0.1:41234)" */
export function nodeName(node: SiteNode): string {
  return `${node.site} node ${node.index} (${node.url})`;
}

/**
 * `--site`: a profile file, or a bare site name looked up as <home>/sites/<name>.json
 * (home: $KEYFERRY_HOME, else ./.keyferry — the local cluster's layout).
 */
export function readSiteProfile(given: string, flag = '--site'): Site {
  let file = given;
  if (!existsSync(given) && SiteName.safeParse(given).success && !/\.json$/i.test(given)) {
    file = profileFile(resolveHome(), given);
    if (!existsSync(file)) {
      throw new CliError(`${flag} ${given}: no such file, and no site profile ${file} (set KEYFERRY_HOME to the cluster's home, or give the profile's path)`, EXIT_USAGE);
    }
  }
  const text = readText(file, `${flag} profile`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${flag} ${file} is not JSON (${(e as Error).message}); a site profile is {"site", "threshold", "nodes": [{"index", "url", "token"}]}`);
  }
  const parsed = SiteProfile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new CliError(`${flag} ${file} is not a site profile: ${path || 'profile'}: ${issue.message}`);
  }
  const p = parsed.data;
  return {
    site: p.site,
    threshold: p.threshold,
    nodes: [...p.nodes].sort((a, b) => a.index - b.index).map((n) => ({ ...n, site: p.site })),
    file,
  };
}

async function call<T>(node: SiteNode, method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${node.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${node.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (e) {
    throw new SiteCallError(`${nodeName(node)} is unreachable: ${why(e)}`, node);
  }
  const text = await res.text().catch(() => '');
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = ErrorBody.safeParse(json);
    const said = err.success ? `${err.data.code}: ${err.data.message}${err.data.field ? ` (field ${err.data.field})` : ''}` : `${res.statusText || 'no error body'}`;
    if (res.status === 401) throw new SiteCallError(`${nodeName(node)} refused the token in the profile (401 ${said}); check the profile's token for node ${node.index}`, node, 401, err.data?.code);
    if (res.status === 403) throw new SiteCallError(`${nodeName(node)} refused the request (403 ${said}); the profile's token for node ${node.index} lacks the role`, node, 403, err.data?.code);
    throw new SiteCallError(`${nodeName(node)} answered ${res.status} ${said}`, node, res.status, err.data?.code);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SiteCallError(`${nodeName(node)} answered ${method} ${path} with an unexpected body (${issue.path.join('.') || 'body'}: ${issue.message}); is it a Keyferry node of a matching version?`, node, res.status);
  }
  return parsed.data;
}

function why(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const cause = err?.cause;
  if (cause?.code) return `${cause.code}${cause.message && !cause.message.includes(cause.code) ? ` ${cause.message}` : ''}`.trim();
  return cause?.message ?? err?.message ?? String(e);
}

/** POST /v1/sessions: join (or re-join, idempotently) a session on one node. */
export function joinSession(node: SiteNode, request: JoinSession): Promise<SessionView> {
  return call(node, 'POST', '/v1/sessions', SessionView, request);
}

/** GET /v1/sessions/{id}: the node's view of one session. */
export function getSession(node: SiteNode, sessionId: string): Promise<SessionView> {
  return call(node, 'GET', `/v1/sessions/${encodeURIComponent(sessionId)}`, SessionView);
}
