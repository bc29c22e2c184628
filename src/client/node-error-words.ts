// A failed call to one node in words, for the console and the CLI: short, beside the node
// ("token refused"), or a whole sentence that names the node and its URL and says what to
// check, for a terminal. The session-level words build on these (failure-words.ts).
import { NodeError, type NodeTarget } from './node-client.ts';
import { nodeName } from './site.ts';

/** A failure in the few words shown beside a node ("token refused", "unreachable (…)"). */
export function failureReason(error: unknown): string {
  if (error instanceof NodeError) {
    if (error.status === 401 || error.status === 403) return 'token refused';
    if (error.code === 'timeout') return `timed out (${error.message})`;
    if (error.code === 'unreachable') return 'unreachable (connection refused, or the node does not allow this console origin)';
    return error.status > 0 ? `HTTP ${error.status}: ${error.message}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * A failed call as one sentence that names the node and its URL and says what to check —
 * for a terminal, where there is no row to stand beside:
 * "main node 3 (http://127.0.0.1:4103) is unreachable: ECONNREFUSED".
 */
export function nodeErrorSentence(error: NodeError, node: Readonly<NodeTarget> | undefined = error.node): string {
  const who = node === undefined ? 'the node' : nodeName(node);
  const index = node?.index === undefined ? '' : ` for node ${node.index}`;
  if (error.status === 0) {
    if (error.code === 'timeout') return `${who} is unreachable: ${error.message}`;
    if (error.code === 'aborted') return `${who}: ${error.message}`;
    return `${who} is unreachable: ${error.detail ?? error.message}`;
  }
  const said = error.body === undefined ? error.message : `${error.code}: ${error.message}${error.field ? ` (field ${error.field})` : ''}`;
  if (error.status === 401) return `${who} refused the token in the profile (401 ${said}); check the profile's token${index}`;
  if (error.status === 403) return `${who} refused the request (403 ${said}); the profile's token${index} lacks the role`;
  if (error.code === 'bad-response') return `${who} answered with an unexpected body (${error.message}); is it a Keyferry node of a matching version?`;
  return `${who} answered ${error.status} ${said}`;
}
