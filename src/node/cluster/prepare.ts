// Every start: create the cluster if the home folder is empty, otherwise load it; check
// that each node's config still parses and that peers name each other's real identity
// keys; move nodes whose port has been taken to free ones (rewriting their `listen` and
// the peers' `url`); set the console origins; rewrite the site profiles with the URLs the
// nodes will actually answer on.
import { readFileSync } from 'node:fs';
import { ed25519 } from '@noble/curves/ed25519.js';
import { parse } from 'smol-toml';
import { equalBytes, toBase64 } from '../../crypto/bytes.ts';
import type { SiteProfile } from '../../protocol/site-profile.ts';
import { ConfigError, parseNodeConfig, type NodeConfig } from '../config.ts';
import { readSecret } from '../secrets.ts';
import { consoleOrigins, createCluster, homeState } from './create.ts';
import { ClusterError } from './errors.ts';
import { PUBLIC_MODE, SECRET_MODE, writeFileAtomic } from './files.ts';
import { adminTokenFile, HOST, nodeDir, nodeFile, nodeUrl, PLAYERS, profileFile, SITES } from './layout.ts';
import { renderNodeConfig, type NodeConfigDoc } from './node-toml.ts';
import { freePorts, isPortFree } from './ports.ts';

export interface ClusterNode {
  site: string;
  index: number;
  dir: string;
  configFile: string;
  logFile: string;
  port: number;
  url: string;
}

export interface ClusterSite {
  site: string;
  threshold: number;
  nodes: ClusterNode[];
  profileFile: string;
}

export interface Cluster {
  home: string;
  /** True when this start created the cluster. */
  created: boolean;
  adminTokenFile: string;
  sites: ClusterSite[];
  /** Nodes moved to a new port on this start, e.g. "main node 2: 41234 → 41999". */
  moved: string[];
}

export interface PrepareOptions {
  home: string;
  /** Console origins besides the default ones (DEFAULT_CONSOLE_ORIGINS). */
  consoleOrigins?: readonly string[];
}

interface Loaded {
  site: string;
  index: number;
  file: string;
  doc: NodeConfigDoc;
  config: NodeConfig;
  port: number;
  changed: boolean;
}

function load(home: string, site: string, index: number): Loaded {
  const file = nodeFile(home, site, index, 'config');
  const text = readFileSync(file, 'utf8');
  let config: NodeConfig;
  try {
    config = parseNodeConfig(text, file);
  } catch (e) {
    if (e instanceof ConfigError) throw new ClusterError(`${e.message} (fix the file, or delete ${home} to start over)`);
    throw e;
  }
  if (config.site !== site || config.index !== index) {
    throw new ClusterError(`${file}: says site "${config.site}" node ${config.index}, but its folder is ${site}/node-${index}`);
  }
  if (config.host !== HOST) throw new ClusterError(`${file}: node.listen must stay on ${HOST} for the local cluster`);
  const doc = parse(text) as unknown as NodeConfigDoc;
  return { site, index, file, doc, config, port: config.port, changed: false };
}

/** Peers must name each other's real identity: a mismatch would only show up as refused peer calls. */
function checkIdentities(nodes: Loaded[]): void {
  for (const node of nodes) {
    if (!('file' in node.config.identityKey)) continue; // taken from the environment: not ours to check
    const seed = readSecret(node.config.identityKey, `${node.site} node ${node.index} identityKey`, 32);
    const publicKey = ed25519.getPublicKey(seed);
    seed.fill(0);
    for (const other of nodes) {
      const entry = other.config.peers.find((p) => p.index === node.index);
      if (entry && !equalBytes(entry.identityKey, publicKey)) {
        throw new ClusterError(
          `${other.file}: [[peers]] index = ${node.index} has identityKey ${toBase64(entry.identityKey)}, but ${node.site} node ${node.index}'s identity.key gives ${toBase64(publicKey)}`,
        );
      }
    }
  }
}

/** Give every node whose port is 0, duplicated or now taken a fresh free port. */
async function fixPorts(all: Loaded[]): Promise<string[]> {
  const seen = new Set<number>();
  const needNew: Loaded[] = [];
  for (const node of all) {
    if (node.port === 0 || seen.has(node.port) || !(await isPortFree(node.port))) needNew.push(node);
    else seen.add(node.port);
  }
  if (needNew.length === 0) return [];
  const fresh = await freePorts(needNew.length, seen);
  const moved: string[] = [];
  for (const [i, node] of needNew.entries()) {
    const port = fresh[i]!;
    moved.push(`${node.site} node ${node.index}: port ${node.port} was taken, now ${port}`);
    node.port = port;
    node.doc.node.listen = `${HOST}:${port}`;
    node.changed = true;
    for (const other of all) {
      if (other.site !== node.site || other === node) continue;
      const peer = other.doc.peers?.find((p) => p.index === node.index);
      if (peer && peer.url !== nodeUrl(port)) {
        peer.url = nodeUrl(port);
        other.changed = true;
      }
    }
  }
  return moved;
}

function setOrigins(all: Loaded[], origins: string[]): void {
  for (const node of all) {
    const current = node.doc.node.allowedOrigins ?? [];
    if (current.length !== origins.length || current.some((o, i) => o !== origins[i])) {
      node.doc.node.allowedOrigins = origins;
      node.changed = true;
    }
  }
}

function save(node: Loaded, home: string): void {
  const text = renderNodeConfig(node.doc, home);
  try {
    parseNodeConfig(text, node.file);
  } catch (e) {
    throw new Error(`internal: the rewritten ${node.file} does not parse: ${(e as Error).message}`);
  }
  writeFileAtomic(node.file, text, PUBLIC_MODE);
}

export function readAdminToken(home: string): string {
  const token = readFileSync(adminTokenFile(home), 'utf8').trim();
  if (token === '') throw new ClusterError(`${adminTokenFile(home)} is empty; delete ${home} to start over`);
  return token;
}

export async function prepareCluster(options: PrepareOptions): Promise<Cluster> {
  const { home } = options;
  const state = homeState(home);
  if (state === 'partial') {
    throw new ClusterError(`${home} holds an incomplete cluster (interrupted creation, or files deleted); delete the folder to create a new one`);
  }
  const created = state === 'absent';
  if (created) await createCluster(home, options.consoleOrigins ?? []);

  const sites = SITES.map((site) => Array.from({ length: PLAYERS }, (_, i) => load(home, site, i + 1)));
  for (const nodes of sites) checkIdentities(nodes);
  const all = sites.flat();
  const moved = await fixPorts(all);
  setOrigins(all, consoleOrigins(options.consoleOrigins ?? []));
  for (const node of all) if (node.changed) save(node, home);

  const token = readAdminToken(home);
  const result: ClusterSite[] = sites.map((nodes) => {
    const site = nodes[0]!.site;
    const profile: SiteProfile = {
      site,
      threshold: nodes[0]!.config.threshold,
      nodes: nodes.map((n) => ({ index: n.index, url: nodeUrl(n.port), token })),
    };
    writeFileAtomic(profileFile(home, site), `${JSON.stringify(profile, null, 2)}\n`, SECRET_MODE);
    return {
      site,
      threshold: profile.threshold,
      profileFile: profileFile(home, site),
      nodes: nodes.map((n) => ({
        site,
        index: n.index,
        dir: nodeDir(home, site, n.index),
        configFile: n.file,
        logFile: nodeFile(home, site, n.index, 'log'),
        port: n.port,
        url: nodeUrl(n.port),
      })),
    };
  });
  return { home, created, adminTokenFile: adminTokenFile(home), sites: result, moved };
}
