// How `keyferry session …` prints a run: the session line, one line per node with its
// final state and the failure or call problem, the result lines — or every node's view as
// JSON — and, unless every node is done, the one failure sentence (the client's words)
// as the CliError that main() puts on stderr.
import { runFailureSentence, nodeRunSentence } from '../client/failure-words.ts';
import type { SiteRun } from '../client/run-session.ts';
import { agreedResult, ResultError, type SessionResult } from '../client/session-result.ts';
import type { JoinSession, SessionView } from '../protocol/session.ts';
import { CliError, EXIT_REFUSED } from './errors.ts';
import type { ProfiledSite } from './site-profile.ts';

export interface Printed {
  kind: JoinSession['kind'];
  site: ProfiledSite;
  json: boolean;
}

export interface ReportExtra {
  /** Lines after the result. */
  lines?: string[];
  /** Fields added to the JSON report. */
  json?: Record<string, unknown>;
  /** The report goes to stderr (stdout carries a bundle). */
  toStderr?: boolean;
  /** Result lines from the key every node agrees on. */
  result?: (r: SessionResult) => string[];
}

const ok = (run: SiteRun) => run.outcome === 'done';

/** The key every done node reports, as a CliError when the nodes disagree. */
export function agreedKey(run: SiteRun): SessionResult {
  try {
    return agreedResult(run.nodes.map((n) => n.view!));
  } catch (e) {
    if (e instanceof ResultError) throw new CliError(`session ${run.sessionId}: ${e.message}`);
    throw e;
  }
}

/** One line per node: its final state, and the failure or call problem. */
export function nodeLines(run: SiteRun, site: ProfiledSite): string[] {
  return run.nodes.map((n) => {
    const head = `  node ${n.index}  `;
    const node = site.nodes.find((x) => x.index === n.index)!;
    if (n.phase === 'refused') return `${head}not joined  ${nodeRunSentence(n, node)}`;
    const v = n.view;
    if (v === undefined) return `${head}${n.phase}  ${nodeRunSentence(n, node)}`;
    if (v.state === 'failed' && v.failure) {
      const f = v.failure;
      return `${head}failed  ${f.reason}${f.field ? ` (${f.field})` : ''}: ${f.message}`;
    }
    if (v.state === 'done') return `${head}done${v.result?.alreadyPresent ? '  (key already present, nothing stored again)' : ''}`;
    if (run.joinFailed) return `${head}${v.state} (joined; gives up at ${v.joinDeadline} without acting)`;
    if (n.phase === 'lost') return `${head}${v.state} (not finished)  ${nodeRunSentence(n, node)}`;
    return `${head}${v.state} (not finished)${n.error ? `  last poll: ${nodeRunSentence(n, node)}` : ''}`;
  });
}

/** Human report (or JSON); throws the failure sentence unless every node is done. */
export function report(run: SiteRun, p: Printed, extra: ReportExtra = {}): void {
  const write = (text: string) => (extra.toStderr ? process.stderr.write(text) : process.stdout.write(text));
  // Checked in both modes: the nodes must agree on the key they report.
  const resultLines = ok(run) && extra.result ? extra.result(agreedKey(run)) : [];
  if (p.json) {
    const body = {
      sessionId: run.sessionId,
      kind: p.kind,
      site: p.site.name,
      ok: ok(run),
      nodes: run.nodes.map((n) => {
        const node = p.site.nodes.find((x) => x.index === n.index)!;
        return { index: n.index, url: node.url, ...(n.view ? { view: n.view as SessionView } : {}), ...(n.error ? { error: nodeRunSentence(n, node) } : {}) };
      }),
      ...(extra.json ?? {}),
    };
    write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    const lines = [
      `session ${run.sessionId}  (${p.kind} on site ${p.site.name}, ${p.site.nodes.length} nodes, t = ${p.site.threshold})`,
      ...nodeLines(run, p.site),
      ...resultLines,
      ...(extra.lines ?? []),
    ];
    write(`${lines.join('\n')}\n`);
  }
  if (!ok(run)) throw new CliError(runFailureSentence(run, p.site), EXIT_REFUSED);
}
