// The node's events (GET /v1/events, docs/node-api.md "Events"): every type a node emits,
// with the schema of its data, as one union. The node's journal can only emit these
// (typed by `EventData`), and the console reads the stream's data lines back with
// `readNodeEvent` instead of trusting untyped JSON.
import { z } from 'zod';
import { KeyId } from './domain.ts';
import { PairingChanged } from './pairing.ts';
import { SessionView } from './session.ts';

/** PUT /v1/export-config applied: the new version, EnableExport, and which fingerprints ("*" for the wildcard) came and went. */
export const ExportConfigChanged = z.object({
  version: z.number().int(),
  enableExport: z.boolean(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  by: z.string(),
});

/** A key's share was deleted from this node, or restored onto it from a raw backup. */
export const KeyChanged = z.object({ keyId: KeyId });

export const WrappingKeyRotated = z.object({ previous: z.string(), fingerprint: z.string() });
export const WrappingKeyRetired = z.object({ fingerprint: z.string() });

/** A session on this node joined, saw a peer join, or changed state: the view's headline fields. */
export const SessionUpdated = SessionView.pick({ sessionId: true, kind: true, state: true, node: true, site: true, joined: true, failure: true }).extend({
  keyId: z.string().nullable(),
  /** Once done: the key's public key (base64 DER SPKI). */
  publicKey: z.string().optional(),
});

/** What a reader needs at least of a session.updated (the rest may be missing from an older or newer node). */
export const SessionUpdateNotice = SessionUpdated.partial().required({ sessionId: true, state: true });
export type SessionUpdateNotice = z.infer<typeof SessionUpdateNotice>;

export const EVENT_DATA = {
  'export-config.changed': ExportConfigChanged,
  'key.deleted': KeyChanged,
  'key.restored': KeyChanged,
  'wrapping-key.rotated': WrappingKeyRotated,
  'wrapping-key.retired': WrappingKeyRetired,
  'session.updated': SessionUpdated,
  'pairing.changed': PairingChanged,
} as const;

export type NodeEventType = keyof typeof EVENT_DATA;
export type EventData<T extends NodeEventType> = z.infer<(typeof EVENT_DATA)[T]>;

export const isNodeEventType = (type: string): type is NodeEventType => Object.hasOwn(EVENT_DATA, type);

const event = <T extends NodeEventType>(type: T) =>
  z.object({ id: z.number().int().min(1), at: z.string(), type: z.literal(type), data: EVENT_DATA[type] });

/** One event as the stream's `data:` line carries it: `{id, at, type, data}`. */
export const NodeEvent = z.discriminatedUnion('type', [
  event('export-config.changed'),
  event('key.deleted'),
  event('key.restored'),
  event('wrapping-key.rotated'),
  event('wrapping-key.retired'),
  event('session.updated'),
  event('pairing.changed'),
]);
export type NodeEvent = z.infer<typeof NodeEvent>;

/** One SSE `data` text read with `schema`; undefined when it is not JSON or does not fit. */
export function readEventText<T>(data: string, schema: z.ZodType<T>): T | undefined {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return undefined;
  }
  return schema.safeParse(json).data;
}

/** The event in one SSE `data` text, or undefined when it is not JSON or not an event this protocol knows. */
export const readNodeEvent = (data: string): NodeEvent | undefined => readEventText(data, NodeEvent);
