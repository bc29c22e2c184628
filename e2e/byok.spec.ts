// The BYOK page (/byok) against the real local cluster in real Chromium. Every output is
// opened here with node:crypto, never with Keyferry's own code: Vault's body by RSA-OAEP-
// SHA256 with the test's private key then AES-KWP (id-aes256-wrap-pad) back to the PKCS#8
// that was pasted; a site's P-256 key sent to GCP as a wrapped key file, unwrapped the same
// way, whose public key is the site's. Refusals: secp256k1 to Vault, a site's Ed25519 key
// (before any share is exported); an expired IBM token (before any work).
import { constants, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, privateDecrypt, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { tabTo } from './keyboard.ts';
import { keygenOn, putExportConfig, siteOf } from './node-api.ts';
import { WrappingKeysPage } from './pages/wrapping-keys-page.ts';

/** OAEP(ephemeral AES-256) ‖ AES-KWP(material): Vault, GCP's *-aes-256, AWS RSA_AES_KEY_WRAP_*, Azure's CKM_RSA_AES_KEY_WRAP (SHA-1). */
function openRsaAesWrap(kms: KeyObject, blob: Buffer, oaepHash: 'sha1' | 'sha256' = 'sha256'): Buffer {
  const rsaBytes = (kms.asymmetricKeyDetails!.modulusLength ?? 0) / 8;
  const aes = privateDecrypt({ key: kms, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, blob.subarray(0, rsaBytes));
  const kwp = createDecipheriv('id-aes256-wrap-pad', aes, Buffer.from('A65959A6', 'hex'));
  return Buffer.concat([kwp.update(blob.subarray(rsaBytes)), kwp.final()]);
}

const pem = (k: KeyObject, type: 'spki' | 'pkcs8') => k.export({ type, format: 'pem' }).toString();

async function noSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => {
    const wide = Array.from(document.querySelectorAll('body *')).filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5);
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`;
    return { root: document.documentElement.scrollWidth, body: document.body.scrollWidth, window: window.innerWidth, wide: wide.slice(-6).map(name).join(', ') };
  });
  expect(widths.root, `the page scrolls sideways (${widths.wide})`).toBeLessThanOrEqual(widths.window);
  expect(widths.body, 'the body scrolls sideways').toBeLessThanOrEqual(widths.window);
}

class ByokPage {
  constructor(readonly page: Page) {}
  goto = () => this.page.goto('/byok');
  kms = () => this.page.getByLabel('KMS', { exact: true });
  method = () => this.page.getByLabel('Wrapping method');
  wrappingKey = (name: string) => this.page.getByRole('textbox', { name: `${name} wrapping key` });
  keyToSend = () => this.page.getByRole('textbox', { name: 'Key to send' });
  fingerprint = () => this.page.getByLabel('Wrapping key fingerprint (SHA-256)');
  wrap = (name: string) => this.page.getByRole('button', { name: `Wrap for ${name} and download` });
  error = () => this.page.getByTestId('byok-error');
  result = () => this.page.getByTestId('byok-result');
}

/** The site key source up to "shares fetched": browser key made and whitelisted on every node of main. */
async function fetchSiteShares(page: Page, byok: ByokPage, keyId: string) {
  await page.getByRole('radio', { name: 'A key held by a site' }).check();
  await page.getByLabel('Site', { exact: true }).selectOption('main');
  await page.getByLabel('Key', { exact: true }).selectOption(keyId);
  await expect(page.getByTestId('precheck-summary')).toHaveText('Every node (3) admits its wrapping key. The export can start.', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Start the export to this browser (wrapped shares)' }).click();
  await expect(page.getByText(`Every node wrapped its share of ${keyId} for this browser.`)).toBeVisible({ timeout: 30_000 });
  void byok;
}

async function browserWrappingKey(page: Page, label: string): Promise<string> {
  const keys = new WrappingKeysPage(page);
  await keys.goto();
  await keys.generate(label, 2048);
  await expect(page.getByRole('status').filter({ hasText: `Generated “${label}”` })).toBeVisible({ timeout: 20_000 });
  return (await keys.field(label, 'Node config (base64)').textContent())!.trim();
}

test.describe('the BYOK page', () => {
  test('an external P-256 key to Vault: the body opens to the PKCS#8 pasted; the box is cleared; it fits phone and laptop', async ({ page }, testInfo) => {
    test.setTimeout(60_000);
    const kms = generateKeyPairSync('rsa', { modulusLength: 3072 });
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const byok = new ByokPage(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await byok.goto();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Send a key to a cloud KMS');
    await byok.kms().selectOption('vault');
    await page.getByLabel('Key name (optional)').fill('payments');
    await byok.wrappingKey('HashiCorp Vault / OpenBao transit').fill(pem(kms.publicKey, 'spki'));
    const hex = createHash('sha256').update(kms.publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
    await expect(byok.fingerprint()).toHaveText(hex.match(/.{4}/g)!.join(' '));
    await expect(page.getByTestId('byok-wrapping-key')).toContainText('RSA 3072-bit');
    await byok.keyToSend().fill(pem(key, 'pkcs8'));

    const [download] = await Promise.all([page.waitForEvent('download'), byok.wrap('HashiCorp Vault / OpenBao transit').click()]);
    expect(download.suggestedFilename()).toBe('import-body.json');
    const body = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { ciphertext: string; hash_function: string; type: string };
    expect(body.hash_function).toBe('SHA256');
    expect(body.type).toBe('ecdsa-p256');
    const opened = openRsaAesWrap(kms.privateKey, Buffer.from(body.ciphertext, 'base64'));
    expect(opened.equals(key.export({ type: 'pkcs8', format: 'der' }))).toBe(true);

    await expect(byok.result()).toContainText('A P-256 private key (PKCS#8) wrapped');
    await expect(byok.result().getByRole('button', { name: 'Copy the next command' })).toBeVisible();
    await expect(byok.result()).toContainText('vault write transit/keys/payments/import @import-body.json');
    await expect(byok.keyToSend()).toHaveValue('');
    await noSidewaysScroll(page);
    await page.screenshot({ path: testInfo.outputPath('byok.png'), fullPage: true });
    // The docs' picture is retaken on request only: a test run never writes into the tree.
    if (process.env['KEYFERRY_DOCS_SCREENSHOTS']) await page.screenshot({ path: 'docs/images/byok.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await noSidewaysScroll(page);
    await page.screenshot({ path: testInfo.outputPath('byok-phone.png'), fullPage: true });

    // Keyboard only: the source radios and the key box are reachable and usable with keys.
    await byok.keyToSend().focus();
    await page.keyboard.type('00');
    await expect(byok.keyToSend()).toHaveValue('00');
    // Leaving the page drops what the box held.
    await page.getByRole('link', { name: 'Inspect a key' }).click();
    await page.getByRole('link', { name: 'Send to a KMS' }).click();
    await expect(byok.keyToSend()).toHaveValue('');
  });

  test('AWS RSA_AES_KEY_WRAP_SHA_1 and Azure .byok through the page: each file opens with node:crypto to the PKCS#8 pasted', async ({ page }) => {
    test.setTimeout(90_000);
    const byok = new ByokPage(page);
    await byok.goto();

    // AWS: the binary EncryptedKeyMaterial for fileb://, OAEP-SHA-1 of the AES key then AES-KWP.
    const awsKms = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
    await byok.kms().selectOption('aws');
    await byok.method().selectOption('RSA_AES_KEY_WRAP_SHA_1');
    await byok.wrappingKey('AWS KMS').fill(awsKms.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));
    await byok.keyToSend().fill(pem(k1, 'pkcs8'));
    const [awsDownload] = await Promise.all([page.waitForEvent('download'), byok.wrap('AWS KMS').click()]);
    expect(awsDownload.suggestedFilename()).toBe('EncryptedKeyMaterial.bin');
    const material = readFileSync((await awsDownload.path())!);
    expect(openRsaAesWrap(awsKms.privateKey, material, 'sha1').equals(k1.export({ type: 'pkcs8', format: 'der' }))).toBe(true);
    await expect(byok.result()).toContainText('aws kms import-key-material');
    await expect(byok.result()).toContainText('fileb://EncryptedKeyMaterial.bin');

    // Azure: the .byok document with the KEK's kid, ciphertext base64url (CKM_RSA_AES_KEY_WRAP, OAEP-SHA-1).
    const azureKms = generateKeyPairSync('rsa', { modulusLength: 3072 });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    const kid = 'https://contoso.vault.azure.net/keys/kek/0123456789abcdef';
    await byok.kms().selectOption('azure');
    await page.getByLabel('KEK key ID').fill(kid);
    await page.getByLabel('Key name (optional)').fill('wallet');
    await byok.wrappingKey('Azure Key Vault').fill(pem(azureKms.publicKey, 'spki'));
    await byok.keyToSend().fill(pem(p384, 'pkcs8'));
    const [azureDownload] = await Promise.all([page.waitForEvent('download'), byok.wrap('Azure Key Vault').click()]);
    expect(azureDownload.suggestedFilename()).toBe('wallet.byok');
    const doc = JSON.parse(readFileSync((await azureDownload.path())!, 'utf8')) as { schema_version: string; header: { kid: string; alg: string; enc: string }; ciphertext: string };
    expect(doc.schema_version).toBe('1.0.0');
    expect(doc.header).toEqual({ kid, alg: 'dir', enc: 'CKM_RSA_AES_KEY_WRAP' });
    expect(doc.ciphertext).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(openRsaAesWrap(azureKms.privateKey, Buffer.from(doc.ciphertext, 'base64url'), 'sha1').equals(p384.export({ type: 'pkcs8', format: 'der' }))).toBe(true);
    await expect(byok.result()).toContainText('az keyvault key import');
    await expect(byok.result()).toContainText('--byok-file wallet.byok');
  });

  test('keyboard alone: KMS, wrapping key, key to send and Wrap reached with Tab and used with keys', async ({ page }) => {
    const kms = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const byok = new ByokPage(page);
    await byok.goto();
    await tabTo(page, byok.kms());
    // A focused select moves through its options with the arrow keys; Vault is the last target.
    await page.keyboard.press('End');
    await expect(byok.kms()).toHaveValue('vault');
    await tabTo(page, byok.wrappingKey('HashiCorp Vault / OpenBao transit'));
    await page.keyboard.insertText(pem(kms.publicKey, 'spki'));
    await tabTo(page, byok.keyToSend());
    await page.keyboard.insertText(pem(key, 'pkcs8'));
    await tabTo(page, byok.wrap('HashiCorp Vault / OpenBao transit'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const body = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { ciphertext: string };
    expect(openRsaAesWrap(kms.privateKey, Buffer.from(body.ciphertext, 'base64')).equals(key.export({ type: 'pkcs8', format: 'der' }))).toBe(true);
    await expect(byok.keyToSend()).toHaveValue('');
  });

  test('refusals: what the target cannot import is refused with the reason and the fix, and nothing is downloaded', async ({ page }) => {
    test.setTimeout(90_000);
    const kms = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const futureToken = JSON.stringify({
      payload: Buffer.from(pem(kms.publicKey, 'spki')).toString('base64'),
      nonce: randomBytes(12).toString('base64'),
      expirationDate: new Date(Date.now() + 3_600_000).toISOString(),
      maxAllowedRetrievals: 1,
      remainingRetrievals: 0,
    });
    const cases: Array<{ target: string; name: string; method?: string; kind?: string; key: string; says: RegExp }> = [
      { target: 'vault', name: 'HashiCorp Vault / OpenBao transit', key: pem(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey, 'pkcs8'), says: /secp256k1/ },
      { target: 'aws', name: 'AWS KMS', method: 'RSAES_OAEP_SHA_256', key: pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'pkcs8'), says: /too long .* use RSA_AES_KEY_WRAP_SHA_256/ },
      { target: 'aws', name: 'AWS KMS', method: 'RSA_AES_KEY_WRAP_SHA_256', kind: 'symmetric', key: randomBytes(32).toString('hex'), says: /RSAES_OAEP_SHA_256/ },
      { target: 'ibm', name: 'IBM Key Protect', kind: 'symmetric', key: randomBytes(20).toString('hex'), says: /16, 24 or 32 bytes/ },
    ];
    let downloaded = false;
    page.on('download', () => (downloaded = true));
    const byok = new ByokPage(page);
    for (const c of cases) {
      await byok.goto();
      await byok.kms().selectOption(c.target);
      if (c.method) await byok.method().selectOption(c.method);
      if (c.target === 'ibm') await page.getByRole('textbox', { name: 'Import token' }).fill(futureToken);
      else await byok.wrappingKey(c.name).fill(pem(kms.publicKey, 'spki'));
      if (c.kind) await page.getByLabel('The key is').selectOption(c.kind);
      await byok.keyToSend().fill(c.key);
      await byok.wrap(c.name).click();
      await expect(byok.error(), `${c.target} ${c.method ?? ''}`).toContainText('Refused: nothing was wrapped.');
      await expect(byok.error()).toContainText(c.says);
    }
    expect(downloaded).toBe(false);
  });


  test('IBM: an expired token is refused before any work; a fresh AES-256 key, saved behind a confirmation, opens from the key body', async ({ page }) => {
    test.setTimeout(60_000);
    const kms = generateKeyPairSync('rsa', { modulusLength: 4096 });
    const token = (expirationDate: string) =>
      JSON.stringify({ payload: Buffer.from(pem(kms.publicKey, 'spki')).toString('base64'), nonce: randomBytes(12).toString('base64'), expirationDate, maxAllowedRetrievals: 1, remainingRetrievals: 0 });
    const byok = new ByokPage(page);
    await byok.goto();
    await byok.kms().selectOption('ibm');
    const tokenBox = page.getByRole('textbox', { name: 'Import token' });
    await tokenBox.fill(token('2020-01-01T00:00:00Z'));
    await expect(page.getByTestId('byok-token-problem')).toContainText('expired');
    await page.getByRole('radio', { name: 'Generate a new key' }).check();
    await expect(byok.wrap('IBM Key Protect')).toBeDisabled();

    await tokenBox.fill(token(new Date(Date.now() + 3_600_000).toISOString()));
    await expect(page.getByTestId('byok-token-facts')).toContainText('Retrievals left0');
    await expect(page.getByTestId('byok-token-problem')).toHaveCount(0);
    await expect(page.getByTestId('byok-only-copy')).toContainText('IBM Key Protect holds the only copy');
    await page.getByRole('checkbox', { name: 'Also save a copy of the key to a file' }).press('Space');
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('button', { name: 'Save a copy' })).toBeDisabled();
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Save a copy' }).click();
    await expect(page.getByRole('checkbox', { name: 'Also save a copy of the key to a file' })).toBeChecked();

    const downloads: import('@playwright/test').Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await byok.wrap('IBM Key Protect').click();
    await expect(byok.result()).toContainText('An AES-256 key wrapped');
    await expect.poll(() => downloads.length).toBe(2);
    const body = JSON.parse(readFileSync((await downloads.find((d) => d.suggestedFilename() === 'key-body.json')!.path())!, 'utf8')) as { resources: Array<{ payload: string }> };
    const copy = readFileSync((await downloads.find((d) => d.suggestedFilename().endsWith('.hex'))!.path())!, 'utf8').trim();
    const opened = privateDecrypt({ key: kms.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(body.resources[0]!.payload, 'base64'));
    expect(opened.toString('hex')).toBe(copy);
    expect(copy).toMatch(/^[0-9a-f]{64}$/);
    await expect(byok.result()).toContainText('curl -X POST');
  });

  test.describe('a key held by a site', () => {
    test.afterEach(async ({ cluster }) => {
      for (const node of siteOf(cluster, 'main').nodes) await putExportConfig(node, true, []);
    });

    test('a site P-256 key to GCP: the wrapped key file opens to a key whose public key is the site’s; a site Ed25519 key is refused', async ({ page, cluster }, testInfo) => {
      test.setTimeout(150_000);
      const main = siteOf(cluster, 'main');
      const keyId = `e2e-byok-${randomBytes(4).toString('hex')}`;
      const edId = `e2e-byoked-${randomBytes(4).toString('hex')}`;
      const publicKey = await keygenOn(main, 'P-256', keyId);
      await keygenOn(main, 'Ed25519', edId);
      const spki = await browserWrappingKey(page, 'byok laptop');
      for (const node of main.nodes) await putExportConfig(node, true, [spki]);

      const kms = generateKeyPairSync('rsa', { modulusLength: 3072 });
      const byok = new ByokPage(page);
      await page.getByRole('link', { name: 'Send to a KMS' }).click();
      await byok.kms().selectOption('gcp');
      await expect(byok.method()).toHaveValue('rsa-oaep-3072-sha256-aes-256');
      await page.getByLabel('Import job (optional)').fill('job-1');
      await byok.wrappingKey('Google Cloud KMS').fill(pem(kms.publicKey, 'spki'));
      await fetchSiteShares(page, byok, keyId);
      const [download] = await Promise.all([page.waitForEvent('download'), byok.wrap('Google Cloud KMS').click()]);
      const opened = openRsaAesWrap(kms.privateKey, readFileSync((await download.path())!));
      const recovered = createPublicKey(createPrivateKey({ key: opened, format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' }).toString('base64');
      expect(recovered).toBe(publicKey);
      await expect(byok.result()).toContainText('--algorithm ec-sign-p256-sha256');
      await expect(byok.result()).toContainText('--import-job job-1');
      await page.screenshot({ path: testInfo.outputPath('byok-gcp-site.png'), fullPage: true });

      // A site's Ed25519 key is a scalar only: refused, with the reason.
      await page.getByRole('button', { name: 'Wrap another key' }).click();
      await byok.kms().selectOption('vault');
      await byok.wrappingKey('HashiCorp Vault / OpenBao transit').fill(pem(kms.publicKey, 'spki'));
      await expect(page.getByLabel('Site', { exact: true })).toHaveValue('main');
      await page.getByLabel('Key', { exact: true }).selectOption(edId);
      await expect(page.getByTestId('byok-site-key-problem')).toContainText('Refused before any share is exported');
      await expect(page.getByTestId('byok-site-key-problem')).toContainText('exists only as a scalar');
      await expect(page.getByRole('button', { name: /Start the export/ })).toHaveCount(0);
      await expect(byok.wrap('HashiCorp Vault / OpenBao transit')).toBeDisabled();
    });
  });
});
