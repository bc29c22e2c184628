// Test helper: the whole crypto core under one namespace, for the tests that sweep every
// exported function (wrong-type inputs, parser fuzzing). Application code imports the
// module it needs directly; there is no public barrel.
export { CryptoError, isCryptoError, type CryptoErrorCode } from '../errors.ts';
export * from '../bytes.ts';
export * from '../curves.ts';
export * from '../random.ts';
export * from '../shamir.ts';
export * from '../public-key.ts';
export { encodePem, decodePem } from '../pem.ts';
export * from '../private-key/types.ts';
export { parsePrivateKey } from '../private-key/parse.ts';
export { encodePrivateKey, PRIVATE_KEY_OUTPUT_FORMATS, type PrivateKeyOutputFormat } from '../private-key/encode.ts';
export { encodePkcs8 } from '../private-key/pkcs8.ts';
export * from '../rsa-oaep.ts';
export * from '../aes-kw.ts';
export * from '../rsa-aes-wrap.ts';
export * from '../aes-gcm.ts';
export * from '../bundle.ts';
export * from '../share-transfer.ts';
export * from '../byok.ts';
export * from '../inspect.ts';
