// Where everything of the local cluster lives under its home folder, and the cluster's
// fixed shape (two sites of 3 nodes, t = 1). One module knows the layout, so creation,
// start-up, the CLI summary, the tests and docs/cluster.md cannot drift apart.
import { isAbsolute, join, resolve } from 'node:path';

export const SITES = ['main', 'failover'] as const;
export type SiteName = (typeof SITES)[number];
export const PLAYERS = 3;
export const THRESHOLD = 1;

/** Console origins every node accepts (the Vite dev server and `npm start`'s default port). */
export const DEFAULT_CONSOLE_ORIGINS = ['http://127.0.0.1:5173', 'http://localhost:5173'];

/** Loopback only: the local cluster is a development and demo tool. */
export const HOST = '127.0.0.1';

/** `--home`, else $KEYFERRY_HOME, else ./.keyferry relative to the current directory. */
export function resolveHome(option?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const chosen = option ?? (env['KEYFERRY_HOME'] && env['KEYFERRY_HOME'] !== '' ? env['KEYFERRY_HOME'] : '.keyferry');
  return isAbsolute(chosen) ? chosen : resolve(cwd, chosen);
}

export const adminTokenFile = (home: string) => join(home, 'admin.token');
export const lockFile = (home: string) => join(home, 'cluster.lock');
export const sitesDir = (home: string) => join(home, 'sites');
export const profileFile = (home: string, site: string) => join(sitesDir(home), `${site}.json`);
export const siteDir = (home: string, site: string) => join(home, site);
export const nodeDir = (home: string, site: string, index: number) => join(siteDir(home, site), `node-${index}`);

/** File names inside a node's folder; the config refers to the first three relatively. */
export const NODE_FILES = {
  config: 'config.toml',
  masterKek: 'master.kek',
  identityKey: 'identity.key',
  dataDir: 'data',
  log: 'node.log',
} as const;

export const nodeFile = (home: string, site: string, index: number, file: keyof typeof NODE_FILES) =>
  join(nodeDir(home, site, index), NODE_FILES[file]);

export const nodeUrl = (port: number) => `http://${HOST}:${port}`;
