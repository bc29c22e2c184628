// What routes may call, handed to them through router context (see router.tsx) rather
// than imported as globals, so tests and later features can swap implementations: the
// node resource APIs (src/client), the browser's wrapping keys, and the crypto work the
// pages need, which runs in workers (src/console/workers) or is loaded on first use.
import type { InspectOptions, KeyReport } from '../crypto/inspect.ts';
import { createWrappingKeyService, type WrappingKeyService } from './features/wrapping-keys/wrapping-key-service.ts';
import { createNodeClient } from '../client/node-client.ts';
import { createNodeApis, createSiteClient, type SiteClient } from '../client/site-client.ts';
import type { Site } from '../client/site.ts';
import type { InfoApi } from '../client/info.ts';
import type { EventsApi } from '../client/event-stream.ts';
import type { ExportConfigApi } from '../client/export-config.ts';
import type { KeysApi } from '../client/keys.ts';
import type { SessionsApi } from '../client/sessions.ts';
import type { SplitWrapRequest, SplitWrapResult } from './features/import/split-wrap.ts';
import type { RecoveredKeyText, RecoverRequest } from './features/export/recover.ts';
import type { ByokRequest, ByokResult } from './features/byok/byok-job.ts';
import { runJob } from './workers/run-job.ts';
import { fetchLocalSiteProfiles } from './features/sites/local-profiles.ts';

/** "What is this key?" Runs entirely in the browser; nothing is sent or stored. */
export interface KeyInspector {
  inspect(input: string | Uint8Array, options?: InspectOptions): Promise<KeyReport>;
}

export interface ConsoleServices {
  keyInspector: KeyInspector;
  /** Browser wrapping keys: RSA-OAEP key pairs in IndexedDB, private key non-extractable. */
  wrappingKeys: WrappingKeyService;
  infoApi: InfoApi;
  /** Each node's event stream (GET /v1/events), read with fetch: the dashboard is live over it. */
  eventsApi: EventsApi;
  /** Export whitelist, node wrapping keys and whitelist history. */
  exportConfigApi: ExportConfigApi;
  /** Join, list and show sessions on one node. */
  sessionsApi: SessionsApi;
  /** The keys a node holds (no secrets). */
  keysApi: KeysApi;
  /** Split a private key and wrap each share for its node, in a Web Worker (a binary key's bytes are transferred). */
  splitWrap: (request: SplitWrapRequest) => Promise<SplitWrapResult>;
  /**
   * Export to this browser: unwrap the shares with the non-extractable browser key,
   * recombine and verify in a Web Worker; only the key's encoded forms come back.
   */
  recoverKey: (request: RecoverRequest) => Promise<RecoveredKeyText>;
  /** BYOK: the key read, generated or recovered, checked and wrapped for a KMS in a Web Worker; only the wrapped file comes back. */
  byokWrap: (request: ByokRequest) => Promise<ByokResult>;
  /** The local cluster's profiles from the console server (npm start); [] when it has none. */
  loadLocalSiteProfiles: () => Promise<unknown[]>;
  /** A site client over the same node APIs: ask every node of a site, run a session on it, pair it. */
  siteClient: (site: Site) => SiteClient;
}

export interface RouterContext {
  services: ConsoleServices;
}

export function createConsoleServices(): ConsoleServices {
  const apis = createNodeApis(createNodeClient());
  return {
    keyInspector: {
      async inspect(input, options) {
        // Loaded on first use: the parsers are not needed to render the shell.
        const { inspectKey } = await import('../crypto/inspect.ts');
        return inspectKey(input, options);
      },
    },
    wrappingKeys: createWrappingKeyService(),
    infoApi: apis.info,
    eventsApi: apis.events,
    exportConfigApi: apis.exportConfig,
    sessionsApi: apis.sessions,
    keysApi: apis.keys,
    splitWrap: (request) => runJob('split-wrap', request, request.input instanceof Uint8Array ? [request.input.buffer] : []),
    recoverKey: (request) => runJob('recover-key', request),
    byokWrap: (request) => runJob('byok-wrap', request, request.source.kind === 'external' && request.source.input instanceof Uint8Array ? [request.source.input.buffer] : []),
    loadLocalSiteProfiles: fetchLocalSiteProfiles,
    siteClient: (site) => createSiteClient(site, apis),
  };
}
