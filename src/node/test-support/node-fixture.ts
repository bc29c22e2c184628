// Test fixture: a real node context (real SQLite file in a temp dir, real sealing) and
// its app, without a config file on disk. Tokens for each role are known to the test.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../app.ts';
import type { NodeConfig } from '../config.ts';
import { createNode, type NodeContext } from '../node.ts';
import { hashToken } from '../secrets.ts';

export const TOKENS = { admin: 'admin-token-0123456789', operator: 'operator-token-0123456789', viewer: 'viewer-token-0123456789' } as const;
export const ORIGIN = 'http://127.0.0.1:5173';

export function testConfig(dir: string, overrides: Partial<NodeConfig> = {}): NodeConfig {
  return {
    file: join(dir, 'config.toml'),
    site: 'main',
    index: 1,
    threshold: 1,
    players: 3,
    host: '127.0.0.1',
    port: 0,
    dataDir: join(dir, 'data'),
    masterKek: { env: 'UNUSED_IN_TESTS' },
    identityKey: { env: 'UNUSED_IN_TESTS' },
    allowedOrigins: [ORIGIN],
    peers: [],
    tokens: Object.entries(TOKENS).map(([role, token]) => ({ name: `${role}-person`, role: role as keyof typeof TOKENS, sha256: hashToken(token) })),
    player: { enableExport: false, exportWhitelist: [] },
    ...overrides,
  };
}

export async function startTestNode(options: { kek?: Uint8Array; dir?: string; config?: Partial<NodeConfig> } = {}) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'keyferry-node-'));
  const kek = options.kek ?? new Uint8Array(randomBytes(32));
  const ctx: NodeContext = await createNode(testConfig(dir, options.config), { masterKek: kek, identitySeed: new Uint8Array(randomBytes(32)), wrappingKeyBits: 2048 });
  const app = buildApp(ctx);
  return {
    dir,
    kek,
    ctx,
    app,
    auth: (role: keyof typeof TOKENS) => ({ authorization: `Bearer ${TOKENS[role]}` }),
    async close(remove = true) {
      await app.close();
      ctx.close();
      if (remove) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh RSA public key as the node config form (one-line base64 DER SPKI). */
export function rsaSpkiBase64(bits = 2048): string {
  return generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}
