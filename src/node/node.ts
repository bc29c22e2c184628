// Everything one running node holds, assembled from its config: the opened database,
// the sealer (master KEK, verified against the data directory), wrapping keys, key
// store, export configuration and journal. The HTTP app and the tests start from here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toBase64, fromBase64 } from '../crypto/bytes.ts';
import { KEK_CHECK_LABEL, KEK_CHECK_PLAINTEXT, Sealer, WrongKekError } from './at-rest.ts';
import { ConfigError, type NodeConfig } from './config.ts';
import { validateWhitelist } from '../protocol/export-whitelist.ts';
import { Journal } from './journal.ts';
import { PeerCrypto } from './peer/envelope.ts';
import { SessionManager } from './sessions/manager.ts';
import { KeyShares } from './key-shares.ts';
import { readSecret } from './secrets.ts';
import { openDb } from './store/db.ts';
import { Repository } from './store/repository.ts';
import { WrappingKeys } from './wrapping-keys.ts';
import { equalBytes } from '../crypto/bytes.ts';

export const NODE_VERSION: string = (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

export interface NodeContext {
  config: NodeConfig;
  repo: Repository;
  sealer: Sealer;
  wrappingKeys: WrappingKeys;
  keys: KeyShares;
  journal: Journal;
  /** This node's Ed25519 identity public key (what peers list as its identityKey). */
  identityPublicKey: Uint8Array;
  sessions: SessionManager;
  close(): void;
}

export interface CreateNodeOptions {
  /** RSA size of a newly created wrapping key; tests use 2048 to save time. */
  wrappingKeyBits?: number;
  /** Use this KEK instead of reading config.masterKek (tests). */
  masterKek?: Uint8Array;
  /** Use this Ed25519 identity seed instead of reading config.identityKey (tests). */
  identitySeed?: Uint8Array;
}

export async function createNode(config: NodeConfig, options: CreateNodeOptions = {}): Promise<NodeContext> {
  const kek = options.masterKek ?? readSecret(config.masterKek, `${config.file}: node.masterKek`, 32);
  const identitySeed = options.identitySeed ?? readSecret(config.identityKey, `${config.file}: node.identityKey`, 32);
  const peerCrypto = new PeerCrypto(identitySeed);
  identitySeed.fill(0);
  const sealer = new Sealer(kek);
  const db = openDb(config.dataDir);
  try {
    const repo = new Repository(db);
    await checkKek(repo, sealer, config.file);
    const wrappingKeys = new WrappingKeys(repo, sealer, options.wrappingKeyBits);
    await wrappingKeys.ensure();
    if (!repo.getExportConfig()) {
      const { entries, errors } = validateWhitelist(config.player.exportWhitelist);
      if (errors.length) throw new ConfigError(`${config.file}: Player.ExportWhiteList[${errors[0]!.index}]: ${errors[0]!.message}`);
      repo.initExportConfig(config.player.enableExport, entries);
    }
    const keys = new KeyShares(repo, sealer, { site: config.site, index: config.index, threshold: config.threshold, players: config.players });
    const ctx = {
      config,
      repo,
      sealer,
      wrappingKeys,
      keys,
      journal: new Journal(repo),
      identityPublicKey: peerCrypto.publicKey,
      close() {
        ctx.sessions.close();
        peerCrypto.dispose();
        sealer.dispose();
        db.close();
      },
    } as NodeContext;
    ctx.sessions = new SessionManager(ctx, peerCrypto);
    return ctx;
  } catch (e) {
    db.close();
    sealer.dispose();
    peerCrypto.dispose();
    throw e;
  }
}

/** First start: seal a check value. Later starts: it must open, or the KEK is wrong. */
async function checkKek(repo: Repository, sealer: Sealer, file: string): Promise<void> {
  const stored = repo.getMeta(KEK_CHECK_LABEL);
  if (stored === undefined) {
    repo.setMeta(KEK_CHECK_LABEL, toBase64(await sealer.seal(KEK_CHECK_PLAINTEXT, KEK_CHECK_LABEL)));
    return;
  }
  try {
    const opened = await sealer.open(fromBase64(stored), KEK_CHECK_LABEL);
    if (!equalBytes(opened, KEK_CHECK_PLAINTEXT)) throw new WrongKekError(KEK_CHECK_LABEL);
  } catch (e) {
    if (e instanceof WrongKekError) {
      throw new ConfigError(`${file}: node.masterKek: this is not the master KEK this data directory was created with; refusing to start`);
    }
    throw e;
  }
}
