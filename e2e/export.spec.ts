// Exporting a key from the real local cluster: to this browser (recovered key checked with
// node:crypto / @noble/curves against the site's public key), refused by a node's
// whitelist (the pre-check and the session both name the node), and to the other site as a
// keyferry-bundle/1 download. Keys are generated through the nodes' own API first.
import { ed25519 } from '@noble/curves/ed25519.js';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { validateBundle } from '../src/crypto/bundle.ts';
import type { SiteProfile } from '../src/protocol/site-profile.ts';
import { expect, test } from './fixtures.ts';
import { keygenOn, putExportConfig, siteOf, wrappingKeyOf } from './node-api.ts';
import { DashboardPage } from './pages/dashboard-page.ts';
import { ExportPage, SiteKeysPage } from './pages/export-page.ts';
import { WrappingKeysPage } from './pages/wrapping-keys-page.ts';

/** A key generated on the site under a fresh `e2e-<prefix>-…` ID. */
async function keygen(site: SiteProfile, curve: 'secp256k1' | 'Ed25519', prefix: string): Promise<{ keyId: string; publicKey: string }> {
  const keyId = `e2e-${prefix}-${randomBytes(4).toString('hex')}`;
  return { keyId, publicKey: await keygenOn(site, curve, keyId) };
}

/** A browser wrapping key made on /wrapping-keys; returns its base64 DER SPKI. */
async function browserWrappingKey(page: import('@playwright/test').Page, label: string): Promise<string> {
  const keys = new WrappingKeysPage(page);
  await keys.goto();
  await keys.generate(label, 2048);
  await expect(page.getByRole('status').filter({ hasText: `Generated “${label}”` })).toBeVisible({ timeout: 20_000 });
  return (await keys.field(label, 'Node config (base64)').textContent())!.trim();
}

test.describe('export a key', () => {
  // The worker's cluster is shared with other specs: leave every node as a new cluster has it.
  test.afterEach(async ({ cluster }) => {
    for (const profile of cluster.profiles) for (const node of profile.nodes) await putExportConfig(node, true, []);
  });

  test('to this browser: unwrapped, verified, shown as PKCS#8 after confirmation', async ({ page, cluster }, testInfo) => {
    test.setTimeout(90_000);
    const main = siteOf(cluster, 'main');
    const { keyId, publicKey } = await keygen(main, 'secp256k1', 'browser');
    const spki = await browserWrappingKey(page, 'export laptop');
    for (const node of main.nodes) await putExportConfig(node, true, [spki]);

    const keys = new SiteKeysPage(page, 'main');
    await keys.goto();
    await expect(keys.row(keyId)).toContainText('secp256k1');
    await expect(keys.row(keyId)).toContainText('All 3');
    await page.screenshot({ path: testInfo.outputPath('export-keys-list.png'), fullPage: true });
    await keys.openExport(keyId);

    const ex = new ExportPage(page);
    await expect(ex.heading).toHaveText(`Export key ${keyId} from site main`);
    await ex.toBrowser.check();
    await expect(ex.browserKey).toContainText('export laptop');
    await expect(ex.precheckSummary).toHaveText('Every node (3) admits its wrapping key. The export can start.');
    await ex.start('this browser').click();
    await expect(ex.runSummary).toHaveText('Every node has wrapped its share.', { timeout: 30_000 });
    await expect(ex.reveal).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('export-browser-shares.png'), fullPage: true });

    await ex.reveal.click();
    await expect(ex.dialog).toContainText(`whole private key of ${keyId} will exist outside site main`);
    await expect(ex.dialog.getByRole('button', { name: 'Unwrap and show' })).toBeDisabled();
    await page.screenshot({ path: testInfo.outputPath('export-browser-confirm.png') });
    await ex.dialog.getByRole('checkbox').check();
    await ex.dialog.getByRole('button', { name: 'Unwrap and show' }).click();
    await expect(ex.verified).toBeVisible();
    await ex.format('PKCS#8 PEM').check();
    const pem = await ex.privateKeyText('PKCS#8 PEM').inputValue();
    // node:crypto, independently: the recovered private key's public key is the site's.
    const recovered = createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' }).toString('base64');
    expect(recovered).toBe(publicKey);
    await page.screenshot({ path: testInfo.outputPath('export-browser-key.png'), fullPage: true });

    await ex.forget.click();
    await expect(ex.privateKeyText('PKCS#8 PEM')).toHaveCount(0);
    await expect(page.getByText('-----BEGIN PRIVATE KEY-----')).toHaveCount(0);
  });

  test('an Ed25519 key comes back as its scalar, in hex only', async ({ page, cluster }, testInfo) => {
    test.setTimeout(90_000);
    const main = siteOf(cluster, 'main');
    const { keyId, publicKey } = await keygen(main, 'Ed25519', 'ed');
    const spki = await browserWrappingKey(page, 'ed laptop');
    for (const node of main.nodes) await putExportConfig(node, true, [spki]);

    const ex = new ExportPage(page);
    await ex.goto('main', keyId);
    await ex.toBrowser.check();
    await expect(ex.precheckSummary).toContainText('Every node (3) admits');
    await ex.start('this browser').click();
    await expect(ex.reveal).toBeVisible({ timeout: 30_000 });
    await ex.confirmReveal();
    await expect(ex.verified).toBeVisible();
    await expect(page.getByTestId('ed25519-note')).toContainText('This is the Ed25519 scalar, not the original seed.');
    await expect(page.getByRole('radio', { name: /^PKCS#8 PEM/ })).toBeDisabled();
    await expect(page.getByRole('radio', { name: /^JWK/ })).toBeDisabled();
    await expect(page.getByRole('radio', { name: /^SEC1 PEM/ })).toBeDisabled();
    const hex = (await ex.privateKeyText('Hex').inputValue()).trim();
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    // @noble/curves, independently: s·G (s big-endian) is the site's public key.
    const point = ed25519.Point.BASE.multiply(BigInt(`0x${hex}`)).toBytes();
    const der = Buffer.from(publicKey, 'base64');
    expect(Buffer.from(point).toString('hex')).toBe(der.subarray(der.length - 32).toString('hex'));
    await page.screenshot({ path: testInfo.outputPath('export-ed25519.png'), fullPage: true });
  });

  test('a node whose whitelist refuses is named, before and during the session', async ({ page, cluster }, testInfo) => {
    test.setTimeout(90_000);
    const main = siteOf(cluster, 'main');
    const { keyId } = await keygen(main, 'secp256k1', 'refused');
    const spki = await browserWrappingKey(page, 'refused laptop');
    await putExportConfig(main.nodes[0]!, true, [spki]);
    await putExportConfig(main.nodes[1]!, true, []);
    await putExportConfig(main.nodes[2]!, true, [spki]);

    const ex = new ExportPage(page);
    await ex.goto('main', keyId);
    await ex.toBrowser.check();
    await expect(ex.precheckSummary).toHaveText(
      'Node 2 refuses to export under its wrapping key. The nodes would fail the session; change that node’s whitelist first.',
    );
    await expect(ex.precheckTable.getByRole('row', { name: /Node 2/ })).toContainText('is not on this node’s export whitelist');
    await expect(page.getByRole('link', { name: 'Open the export whitelist of node 2' })).toHaveAttribute('href', '/sites/main/nodes/2/whitelist');
    await page.screenshot({ path: testInfo.outputPath('export-precheck-refused.png'), fullPage: true });

    await ex.startAnyway.click();
    await expect(ex.runFailure).toContainText('not whitelisted — node 2 refused to wrap its share', { timeout: 30_000 });
    await expect(ex.runFailure.getByRole('link', { name: 'Open the export whitelist of node 2' })).toBeVisible();
    await expect(ex.reveal).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('export-session-refused.png'), fullPage: true });
  });

  test('to site failover as a bundle download', async ({ page, cluster }, testInfo) => {
    test.setTimeout(90_000);
    const main = siteOf(cluster, 'main');
    const failover = siteOf(cluster, 'failover');
    const { keyId, publicKey } = await keygen(main, 'secp256k1', 'bundle');
    const targets = await Promise.all(failover.nodes.map(async (node) => wrappingKeyOf(node)));
    for (const [i, node] of main.nodes.entries()) await putExportConfig(node, true, [targets[i]!.spki]);

    const ex = new ExportPage(page);
    await ex.goto('main', keyId);
    await expect(ex.toSite).toBeChecked();
    await expect(ex.receivingSite).toHaveValue('failover');
    await expect(page.getByRole('table', { name: 'Wrapping keys of the export' })).toContainText(targets[0]!.fingerprint);
    await expect(ex.precheckSummary).toHaveText('Every node (3) admits its wrapping key. The export can start.');
    await ex.start('failover').click();
    await expect(page.getByRole('heading', { name: 'Bundle ready' })).toBeVisible({ timeout: 30_000 });
    await page.screenshot({ path: testInfo.outputPath('export-bundle-ready.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), ex.downloadBundle.click()]);
    expect(download.suggestedFilename()).toBe(`${keyId}.main-to-failover.keyferry-bundle.json`);
    const bundle = validateBundle(JSON.parse(readFileSync((await download.path())!, 'utf8')));
    expect(bundle.keyId).toBe(keyId);
    expect(Buffer.from(bundle.publicKey).toString('base64')).toBe(publicKey);
    expect(bundle.shares.map((s) => s.wrappingKeyFingerprint)).toEqual(targets.map((t) => t.fingerprint));
    expect(bundle.shares.map((s) => s.index)).toEqual([1, 2, 3]);

    await page.getByRole('button', { name: 'Hand off to site failover’s import' }).click();
    await expect(page).toHaveURL(/\/sites\/failover\/import$/);
  });

  test('pasted wrapping keys are read per node; a bad one is refused naming its field', async ({ page, cluster }, testInfo) => {
    test.setTimeout(60_000);
    const main = siteOf(cluster, 'main');
    const { keyId } = await keygen(main, 'secp256k1', 'paste');
    const targets = await Promise.all(siteOf(cluster, 'failover').nodes.map(async (node) => wrappingKeyOf(node)));
    const ec = createPublicKey(createPrivateKey({ key: randomEcKeyPem(), format: 'pem' })).export({ type: 'spki', format: 'pem' }).toString();

    const ex = new ExportPage(page);
    await ex.goto('main', keyId);
    await page.getByRole('radio', { name: 'Paste one wrapping key per node' }).check();
    await page.getByRole('textbox', { name: 'Wrapping key for node 1' }).fill(targets[0]!.spki);
    // A private key pasted as a target key is refused and the box emptied at once.
    const node2Box = page.getByRole('textbox', { name: 'Wrapping key for node 2' });
    await node2Box.fill(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    await expect(page.getByTestId('private-key-refused')).toContainText('The pasted text is a PEM private key (RSA PRIVATE KEY)');
    await expect(node2Box).toHaveValue('');
    await node2Box.fill(ec);
    await page.getByRole('textbox', { name: 'Wrapping key for node 3' }).fill(targets[2]!.spki);
    await expect(page.getByText('Wrapping key for node 2: a wrapping key must be RSA, got EC')).toBeVisible();
    await expect(ex.precheckSummary).toHaveCount(0);
    await page.getByRole('textbox', { name: 'Wrapping key for node 2' }).fill(targets[1]!.spki);
    // Nothing is whitelisted: every node refuses, and each is linked to its whitelist.
    await expect(ex.precheckSummary).toHaveText('Nodes 1, 2 and 3 refuse to export under their wrapping key. The nodes would fail the session; change their whitelist first.');
    await expect(page.getByRole('link', { name: /^Open the export whitelist of node/ })).toHaveCount(3);
    await page.screenshot({ path: testInfo.outputPath('export-paste.png'), fullPage: true });
  });

  test.describe('a site with a node that cannot be read', () => {
    // Chromium logs every 401 response itself; that line is expected here.
    test.use({ expectedConsoleErrors: [/status of 401/] });

    test('the keys page names that node and still lists the others’ keys', async ({ page, cluster }, testInfo) => {
      const main = siteOf(cluster, 'main');
      const { keyId } = await keygen(main, 'secp256k1', 'partial');
      const file = testInfo.outputPath('partial.json');
      writeFileSync(file, JSON.stringify({ site: 'partial', threshold: main.threshold, nodes: main.nodes.map((n) => (n.index === 3 ? { ...n, token: 'not-the-token' } : n)) }));
      const dashboard = new DashboardPage(page);
      await dashboard.goto();
      await expect(dashboard.site('main')).toBeVisible();
      await dashboard.importFile(file);
      await expect(dashboard.site('partial')).toBeVisible();

      const keys = new SiteKeysPage(page, 'partial');
      await keys.goto();
      await expect(page.getByRole('list', { name: 'Nodes that could not be read' })).toHaveText('Node 3: could not read its keys (token refused).');
      await expect(keys.row(keyId)).toContainText('2 of 3');
      await expect(keys.warnings(keyId)).toHaveText(`Key ${keyId}: Unknown on node 3: that node could not be read.`);
      await expect(keys.row(keyId).getByText('Cannot export')).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath('export-keys-node-failed.png'), fullPage: true });
    });
  });
});

function randomEcKeyPem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
