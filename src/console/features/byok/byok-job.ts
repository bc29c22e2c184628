// The BYOK page's one worker job (workers/byok-wrap.worker.ts), kept apart from the worker
// so it is unit-tested in Node: the key to send is read, generated or recovered from a
// site's shares HERE, judged by the core's compatibility check before any wrapping, wrapped
// for the target and encoded in the target's native file. Only that file (wrapped: nothing
// in it opens without the KMS's private key), the next command and what the key was come
// out; every plaintext buffer is zeroed before the job returns. An expired IBM token is
// refused before any of that work.
import { wipe, toHex } from '../../../crypto/bytes.ts';
import type { Bundle } from '../../../crypto/bundle.ts';
import { byokWrap, parseImportToken, importTokenProblem, type ByokTarget } from '../../../crypto/byok.ts';
import { byokProblem, type ByokMaterial } from '../../../crypto/byok-compat.ts';
import { nativeArtifact, type NativeArtifact, type NativeContext } from '../../../crypto/byok-native.ts';
import { CryptoError } from '../../../crypto/errors.ts';
import type { ParsePrivateKeyOptions } from '../../../crypto/private-key/types.ts';
import { randomBytes } from '../../../crypto/random.ts';
import { parseWrappingKey } from '../../../crypto/public-key.ts';
import { recoverKey } from '../export/recover.ts';
import { privateKeyMaterial, readExternalKey, readRawKey, type Material, type SymmetricKind } from './key-material.ts';

export type ByokSource =
  /** Pasted or dropped; `raw` when it is a bare symmetric/HMAC key (hex or base64). */
  | { kind: 'external'; input: string | Uint8Array; raw?: SymmetricKind; options: ParsePrivateKeyOptions }
  /** Fresh random bytes; `keepCopy` only after the operator confirmed saving one. */
  | { kind: 'generated'; type: SymmetricKind; bytes: number; keepCopy: boolean }
  /** A site's key: the shares every node wrapped under this browser's non-extractable key. */
  | { kind: 'site'; bundle: Bundle; privateKey: CryptoKey; sitePublicKey: string };

export interface ByokRequest {
  target: ByokTarget;
  algorithm: string;
  /** The KMS's RSA public key as pasted or dropped (not for ibm, whose token carries it). */
  wrappingKey?: string | Uint8Array;
  /** ibm: the JSON of GET /api/v2/import_token. */
  importToken?: string;
  context: NativeContext;
  source: ByokSource;
  /** The page's clock (ms), so an expired token is judged as the page showed it. */
  now: number;
}

export interface ByokResult {
  artifact: NativeArtifact;
  material: ByokMaterial;
  wrappingKeyFingerprint: string;
  /** Hex of a generated key, only when the operator asked to save a copy. */
  generatedCopyHex?: string;
}

function readSource(source: ByokSource): Promise<Material> | Material {
  switch (source.kind) {
    case 'external': {
      try {
        return source.raw ? readRawKey(source.input, source.raw) : readExternalKey(source.input, source.options);
      } finally {
        if (source.input instanceof Uint8Array) wipe(source.input);
      }
    }
    case 'generated':
      return { bytes: randomBytes(source.bytes), material: { kind: source.type, bytes: source.bytes } };
    case 'site':
      return recoverKey(source.bundle, source.privateKey, source.sitePublicKey).then((key) => {
        try {
          return privateKeyMaterial(key);
        } finally {
          wipe(key.scalar, key.seed, key.chainCode);
        }
      });
  }
}

export async function byokJob(request: ByokRequest): Promise<ByokResult> {
  const { target, algorithm, source } = request;
  const token = target === 'ibm' ? parseImportToken(request.importToken ?? '', 'importToken') : undefined;
  const stale = token && importTokenProblem(token, new Date(request.now));
  if (stale) throw new CryptoError('invalid-argument', stale, { field: 'importToken' });
  const wrappingKey = token ? undefined : parseWrappingKey(request.wrappingKey ?? '', 'wrappingKey');
  const { bytes, material } = await readSource(source);
  try {
    const problem = byokProblem(target, algorithm, material);
    if (problem) throw new CryptoError('unsupported-algorithm', problem, { field: 'key' });
    if (bytes.length === 0) throw new CryptoError('invalid-argument', 'key: there is nothing to wrap', { field: 'key' });
    const out = await byokWrap({
      target,
      algorithm,
      material: bytes,
      ...(wrappingKey ? { wrappingKey } : {}),
      ...(token ? { importToken: token } : {}),
      ...(request.context.kekId ? { kekId: request.context.kekId } : {}),
    });
    const artifact = nativeArtifact(out, material, request.context);
    const copy = source.kind === 'generated' && source.keepCopy ? { generatedCopyHex: toHex(bytes) } : {};
    return { artifact, material, wrappingKeyFingerprint: out.wrappingKeyFingerprint, ...copy };
  } finally {
    wipe(bytes);
  }
}
