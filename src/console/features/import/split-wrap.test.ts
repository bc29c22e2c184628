// The worker's work in Node: a pasted key comes back whole from the bundle (unwrapped with
// keys node:crypto made), a chain code can be added but not to an xprv, binary input is
// zeroed once read, and refusals carry the core's sentence and field.
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../crypto/bytes.ts';
import { unwrapAndCombine, type Unwrapper } from '../../../crypto/share-transfer.ts';
import { rsaFixture, webCryptoDecryptKey, type RsaFixture } from '../../../crypto/test-support/rsa.ts';
import { splitWrap } from './split-wrap.ts';

let nodes: RsaFixture[];
let unwrappers: Unwrapper[];
beforeAll(async () => {
  nodes = await Promise.all([rsaFixture(2048), rsaFixture(2048), rsaFixture(2048)]);
  unwrappers = await Promise.all(nodes.map(async (fx, i) => ({ index: i + 1, key: await webCryptoDecryptKey(fx) })));
});

const SCALAR = '0000000000000000000000000000000000000000000000000000000000000001'.replace(/1$/, '7');
const CHAIN = 'ab'.repeat(32);
// BIP32 test vector 1, master key (m): carries its own chain code.
const XPRV = 'xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi';

describe('splitWrap', () => {
  it('splits a hex key for three nodes; any two recover it, with the added chain code', async () => {
    const { bundle, chainCode } = await splitWrap({
      input: SCALAR,
      options: { curve: 'secp256k1' },
      chainCodeHex: CHAIN,
      threshold: 1,
      wrappingKeys: nodes.map((n) => Buffer.from(n.spkiDer).toString('base64')),
      keyId: 'imported-1',
    });
    expect(chainCode).toBe('added');
    expect(bundle).toMatchObject({ curve: 'secp256k1', threshold: 1, keyId: 'imported-1' });
    expect(bundle.shares.map((s) => s.index)).toEqual([1, 2, 3]);
    const key = await unwrapAndCombine(bundle, [unwrappers[2]!, unwrappers[0]!]);
    expect(toHex(key.scalar)).toBe(SCALAR);
    expect(toHex(key.chainCode!)).toBe(CHAIN);
  });

  it('takes the chain code from an xprv and refuses a second one', async () => {
    const wrappingKeys = nodes.map((n) => Buffer.from(n.spkiDer).toString('base64'));
    const { chainCode } = await splitWrap({ input: XPRV, options: {}, threshold: 1, wrappingKeys });
    expect(chainCode).toBe('from-key');
    await expect(splitWrap({ input: XPRV, options: {}, chainCodeHex: CHAIN, threshold: 1, wrappingKeys })).rejects.toMatchObject({
      field: 'chainCode',
      message: expect.stringMatching(/already carries a chain code/),
    });
  });

  it('zeroes a binary input once read, and names the field of a refusal', async () => {
    const bytes = new Uint8Array(32).fill(0);
    bytes[31] = 9;
    await splitWrap({ input: bytes, options: { curve: 'P-256' }, threshold: 1, wrappingKeys: nodes.map((n) => Buffer.from(n.spkiDer).toString('base64')) });
    expect(bytes.every((b) => b === 0)).toBe(true);
    await expect(splitWrap({ input: SCALAR, options: {}, chainCodeHex: 'abcd', threshold: 1, wrappingKeys: nodes.map((n) => Buffer.from(n.spkiDer).toString('base64')) })).rejects.toMatchObject({
      field: 'chainCode',
    });
    await expect(splitWrap({ input: SCALAR, options: {}, threshold: 3, wrappingKeys: nodes.map((n) => Buffer.from(n.spkiDer).toString('base64')) })).rejects.toMatchObject({
      field: 'wrappingKeys',
    });
  });
});
