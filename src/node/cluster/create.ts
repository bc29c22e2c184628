// First run: create a fresh local cluster under its home folder — per node a master KEK,
// an Ed25519 identity seed, a config.toml naming every peer's public key and URL, and one
// admin token shared by all nodes (only its SHA-256 goes into the configs). Profiles are
// not written here: they are rewritten on every start (prepare.ts).
import { existsSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { toBase64, toBase64Url, toHex } from '../../crypto/bytes.ts';
import { parseNodeConfig } from '../config.ts';
import { hashToken } from '../secrets.ts';
import { ClusterError } from './errors.ts';
import { DIR_MODE, ensureDir, PUBLIC_MODE, SECRET_MODE, writeFileAtomic } from './files.ts';
import {
  adminTokenFile,
  DEFAULT_CONSOLE_ORIGINS,
  HOST,
  NODE_FILES,
  nodeDir,
  nodeFile,
  nodeUrl,
  PLAYERS,
  siteDir,
  SITES,
  sitesDir,
  THRESHOLD,
} from './layout.ts';
import { renderNodeConfig, type NodeConfigDoc } from './node-toml.ts';
import { freePorts } from './ports.ts';

export type HomeState = 'absent' | 'complete' | 'partial';

/** Whether `home` holds no cluster, a whole one, or the remains of an interrupted creation. */
export function homeState(home: string): HomeState {
  const expected = [adminTokenFile(home), ...SITES.flatMap((s) => Array.from({ length: PLAYERS }, (_, i) => nodeFile(home, s, i + 1, 'config')))];
  const present = expected.filter((f) => existsSync(f)).length;
  if (present === expected.length) return 'complete';
  const anyCluster = present > 0 || SITES.some((s) => existsSync(siteDir(home, s))) || existsSync(sitesDir(home));
  return anyCluster ? 'partial' : 'absent';
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

export function consoleOrigins(extra: readonly string[]): string[] {
  return unique([...DEFAULT_CONSOLE_ORIGINS, ...extra]);
}

/** Create every node of every site. The admin token file is written last: it marks the cluster complete. */
export async function createCluster(home: string, extraOrigins: readonly string[] = []): Promise<void> {
  if (homeState(home) !== 'absent') throw new ClusterError(`${home} already holds (part of) a cluster; delete it to create a new one`);
  ensureDir(home);
  const token = toBase64Url(randomBytes(32));
  const tokenHash = hashToken(token);
  const origins = consoleOrigins(extraOrigins);
  const ports = await freePorts(SITES.length * PLAYERS);

  for (const [s, site] of SITES.entries()) {
    const nodes = Array.from({ length: PLAYERS }, (_, i) => {
      const seed = crypto.getRandomValues(new Uint8Array(32));
      return { index: i + 1, port: ports[s * PLAYERS + i]!, seed, publicKey: ed25519.getPublicKey(seed) };
    });
    for (const node of nodes) {
      const dir = nodeDir(home, site, node.index);
      ensureDir(dir);
      mkdirSync(nodeFile(home, site, node.index, 'dataDir'), { recursive: true, mode: DIR_MODE });
      writeFileAtomic(nodeFile(home, site, node.index, 'masterKek'), `${toHex(crypto.getRandomValues(new Uint8Array(32)))}\n`, SECRET_MODE);
      writeFileAtomic(nodeFile(home, site, node.index, 'identityKey'), `${toHex(node.seed)}\n`, SECRET_MODE);
      node.seed.fill(0);
      const doc: NodeConfigDoc = {
        node: {
          site,
          index: node.index,
          threshold: THRESHOLD,
          players: PLAYERS,
          listen: `${HOST}:${node.port}`,
          dataDir: NODE_FILES.dataDir,
          masterKek: { file: NODE_FILES.masterKek },
          identityKey: { file: NODE_FILES.identityKey },
          allowedOrigins: origins,
        },
        peers: nodes.filter((p) => p.index !== node.index).map((p) => ({ index: p.index, url: nodeUrl(p.port), identityKey: toBase64(p.publicKey) })),
        tokens: [{ name: 'admin', role: 'admin', sha256: tokenHash }],
        Player: { EnableExport: true, ExportWhiteList: [] },
      };
      const file = nodeFile(home, site, node.index, 'config');
      const text = renderNodeConfig(doc, home);
      parseNodeConfig(text, file); // never write a config the node would refuse
      writeFileAtomic(file, text, PUBLIC_MODE);
    }
  }
  writeFileAtomic(adminTokenFile(home), `${token}\n`, SECRET_MODE);
}
