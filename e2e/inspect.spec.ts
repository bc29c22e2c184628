// The "Inspect a key" tool against keys made by node:crypto: the console must agree with
// an independent implementation on algorithm, size, curve and fingerprint.
import { createHash } from 'node:crypto';
import { expect, test } from './fixtures.ts';
import { ecPrivateKey, rsaPublicKey } from './keys.ts';
import { InspectPage } from './pages/inspect-page.ts';

test.describe('console shell', () => {
  test('shows Keyferry with its navigation and sends the security headers', async ({ page }) => {
    const response = await page.goto('/');
    await expect(page.getByRole('banner')).toContainText('Keyferry');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sites');

    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("script-src 'self';");
    expect(headers['content-security-policy']).not.toContain('unsafe-');
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inspect a key' }).click();
    await expect(page).toHaveURL(/\/inspect$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inspect a key');
    await expect(page).toHaveTitle('Inspect a key · Keyferry');
  });

  test('serves client routes on reload and says when a page does not exist', async ({ page }) => {
    await page.goto('/inspect');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inspect a key');
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  });
});

test.describe('inspect a key', () => {
  test('RSA public key (SPKI PEM): 2048 bits and the SPKI fingerprint', async ({ page }, testInfo) => {
    const key = rsaPublicKey(2048);
    const inspect = new InspectPage(page);
    await inspect.goto();
    await inspect.inspect(key.pem);

    await expect(inspect.field('Kind')).toContainText('Public key');
    await expect(inspect.field('Algorithm')).toContainText('RSA');
    await expect(inspect.field('Modulus')).toContainText('2048 bits');
    await expect(inspect.field('Public exponent')).toContainText('65537');
    await expect(inspect.field('Detected format')).toContainText('spki-pem');
    await expect(inspect.field('Fingerprint')).toHaveText(key.fingerprint);
    await expect(inspect.field('Curve')).toHaveCount(0);

    const screenshot = testInfo.outputPath('inspect-rsa-report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach('report', { path: screenshot, contentType: 'image/png' });
  });

  test('secp256k1 private key (PKCS#8 PEM): curve and the fingerprint of its public key', async ({ page }, testInfo) => {
    const key = ecPrivateKey('secp256k1');
    const inspect = new InspectPage(page);
    await inspect.goto();
    await inspect.inspect(key.pem);

    await expect(inspect.field('Kind')).toContainText('Private key');
    await expect(inspect.field('Algorithm')).toContainText('EC');
    await expect(inspect.field('Curve')).toHaveText('secp256k1');
    await expect(inspect.field('Detected format')).toContainText('pkcs8-pem');
    await expect(inspect.field('Fingerprint')).toHaveText(key.fingerprint);
    await expect(inspect.report).toContainText('This is a private key');

    const screenshot = testInfo.outputPath('inspect-secp256k1-report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach('report', { path: screenshot, contentType: 'image/png' });
  });

  test('garbage input: an alert that says what was tried', async ({ page }, testInfo) => {
    const inspect = new InspectPage(page);
    await inspect.goto();
    await inspect.inspect('this is not a key %%%');

    await expect(inspect.error).toBeVisible();
    await expect(inspect.error).toContainText('Field: key');
    await expect(inspect.triedList.getByRole('listitem').filter({ hasText: /^PEM/ })).toHaveCount(1);
    await expect(inspect.triedList.getByRole('listitem').filter({ hasText: /^hex/ })).toHaveCount(1);
    await expect(inspect.triedList.getByRole('listitem').filter({ hasText: /^public key/ })).toHaveCount(1);
    await expect(inspect.report).toHaveCount(0);

    const screenshot = testInfo.outputPath('inspect-error.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach('error', { path: screenshot, contentType: 'image/png' });
  });

  test('bare Ed25519 hex: refused until the operator says seed or scalar, then RFC 8032 test 1', async ({ page }) => {
    // RFC 8032 §7.1 TEST 1: this seed has public key d75a9801…511a; SPKI = 302a300506032b6570032100 ‖ point.
    const seed = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
    const publicKey = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
    const spki = Buffer.from(`302a300506032b6570032100${publicKey}`, 'hex');
    const inspect = new InspectPage(page);
    await inspect.goto();
    await inspect.curve.selectOption('Ed25519');
    await inspect.inspect(seed);
    await expect(inspect.error).toContainText('seed');
    await expect(inspect.error).toContainText('scalar');
    await page.getByRole('combobox', { name: 'Bare Ed25519 key is a' }).selectOption('seed');
    await inspect.inspectButton.click();
    await expect(inspect.field('Public key (SPKI)')).toContainText(spki.toString('base64'));
    await expect(inspect.field('Fingerprint')).toHaveText(createHash('sha256').update(spki).digest('hex'));
  });

  test('empty input: says what to do without calling the core', async ({ page }) => {
    const inspect = new InspectPage(page);
    await inspect.goto();
    await inspect.inspectButton.click();
    await expect(inspect.error).toContainText('Key: nothing to inspect');
  });

  test('keyboard only: Tab to the key box, type, Ctrl+Enter inspects', async ({ page }) => {
    const key = ecPrivateKey('prime256v1');
    const inspect = new InspectPage(page);
    await inspect.goto();
    await inspect.tabToKeyBox();
    await page.keyboard.insertText(key.pem);
    await inspect.inspectWithShortcut();

    await expect(inspect.field('Curve')).toHaveText('P-256');
    await expect(inspect.field('Fingerprint')).toHaveText(key.fingerprint);
    await expect(page).toHaveURL(/\/inspect$/); // the key never reaches the URL
  });

  test('a DER key file is read as bytes', async ({ page }) => {
    const key = rsaPublicKey(2048);
    const der = Buffer.from(key.pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const inspect = new InspectPage(page);
    await inspect.goto();
    await inspect.keyFile.setInputFiles({ name: 'wrapping-key.der', mimeType: 'application/octet-stream', buffer: der });
    await expect(page.getByText('wrapping-key.der')).toBeVisible();
    await expect(inspect.keyBox).toBeDisabled();
    await inspect.inspectButton.click();

    await expect(inspect.field('Detected format')).toContainText('spki-der');
    await expect(inspect.field('Fingerprint')).toHaveText(key.fingerprint);
  });

  test('a dropped PEM file lands in the key box', async ({ page }) => {
    const key = ecPrivateKey('secp384r1');
    const inspect = new InspectPage(page);
    await inspect.goto();
    await inspect.dropFile('signing-key.pem', key.pem);
    await expect(inspect.keyBox).toHaveValue(key.pem);
    await inspect.inspectButton.click();

    await expect(inspect.field('Curve')).toHaveText('P-384');
    await expect(inspect.field('Fingerprint')).toHaveText(key.fingerprint);
  });

  test('Copy puts the raw fingerprint on the clipboard', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const key = rsaPublicKey(2048);
    const inspect = new InspectPage(page);
    await inspect.goto();
    await inspect.inspect(key.pem);
    await inspect.copyButton('Fingerprint').click();

    await expect(inspect.copyButton('Fingerprint')).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key.fingerprint);
  });

  test('nothing about the key is stored in the browser', async ({ page }) => {
    const key = ecPrivateKey('secp256k1');
    const inspect = new InspectPage(page);
    await inspect.goto();
    await inspect.inspect(key.pem);
    await expect(inspect.field('Fingerprint')).toHaveText(key.fingerprint);

    // The only sessionStorage entry allowed is the connected sites (when this worker runs
    // a local cluster, the console connects to it at start-up); it never holds the key.
    const stored = await page.evaluate(() => ({
      local: Object.keys(localStorage).length,
      session: Object.keys(sessionStorage).filter((k) => k !== 'keyferry.sites'),
      sessionText: Object.values(sessionStorage).join('\n'),
      url: location.href,
    }));
    expect(stored).toMatchObject({ local: 0, session: [], url: expect.stringMatching(/\/inspect$/) });
    expect(stored.sessionText).not.toContain(key.pem.split('\n')[1]);
  });
});
