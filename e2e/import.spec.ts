// The import wizard against a real cluster: keys made by node:crypto (an independent
// implementation) are detected, split and wrapped in the browser's worker, imported by a
// session on every node, and the site's public key is checked through the nodes' API —
// also for a bundle the CLI made.
import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { keyferryCommand } from '../src/node/cluster/cli-launch.ts';
import type { SiteProfile } from '../src/protocol/site-profile.ts';
import { expect, test, type LocalCluster } from './fixtures.ts';
import { nodeKey, wrappingKeyOf } from './node-api.ts';
import { ImportPage } from './pages/import-page.ts';

const site = (cluster: LocalCluster, name: string) => cluster.profiles.find((p) => p.site === name)!;
const uniqueId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Every node of the site holds the key with exactly this public key (base64 DER SPKI). */
async function expectSiteHolds(profile: SiteProfile, keyId: string, spkiBase64: string) {
  for (const node of profile.nodes) {
    const key = await nodeKey(node, keyId);
    expect(key.publicKey, `node ${node.index}`).toBe(spkiBase64);
  }
}

test.describe('import wizard', () => {
  for (const [curve, make] of [
    ['secp256k1', () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' })],
    ['Ed25519', () => generateKeyPairSync('ed25519')],
  ] as const) {
    test(`imports an external ${curve} key; the site holds its public key`, async ({ page, cluster }, testInfo) => {
      const { privateKey, publicKey } = make();
      const spki = publicKey.export({ type: 'spki', format: 'der' });
      const keyId = uniqueId(`e2e-${curve.toLowerCase()}`);
      const wizard = new ImportPage(page);
      await wizard.goto('main');
      await expect(wizard.heading).toHaveText('Import a key into site main');
      await expect(wizard.nodeFingerprint(3)).toBeVisible();

      await wizard.keyBox.fill(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
      await expect(wizard.detected).toContainText(curve);
      await expect(wizard.detected.locator(`[data-fingerprint="${createHash('sha256').update(spki).digest('hex')}"]`)).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`import-${curve}-detected.png`), fullPage: true });

      await wizard.splitButton.click();
      await expect(wizard.prepared).toContainText('the plaintext key has been cleared from the page');
      await expect(wizard.keyBox).toBeHidden();
      // Focus lands on the result, not the top of the page.
      await expect(wizard.prepared).toBeFocused();
      await wizard.keyId.fill(keyId);
      await wizard.importButton.click();
      await expect(wizard.verdict).toContainText(`Imported. Every node of the site holds its share of key ${keyId}`, { timeout: 20_000 });
      await expect(wizard.verdict).toBeFocused();
      await expect(wizard.progress.locator('tr[data-state="done"]')).toHaveCount(3);
      await page.screenshot({ path: testInfo.outputPath(`import-${curve}-done.png`), fullPage: true });
      await expectSiteHolds(site(cluster, 'main'), keyId, spki.toString('base64'));
    });
  }

  test('imports a bundle the CLI made for the failover site', async ({ page, cluster }, testInfo) => {
    const failover = site(cluster, 'failover');
    const dir = testInfo.outputPath('');
    const wrappingFiles: string[] = [];
    for (const node of failover.nodes) {
      const keys = await wrappingKeyOf(node);
      const file = `${dir}/node-${node.index}.b64`;
      writeFileSync(file, keys.spki);
      wrappingFiles.push(file);
    }
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const keyFile = `${dir}/key.pem`;
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const keyId = uniqueId('e2e-cli');
    const bundleFile = `${dir}/cli.keyferry-bundle.json`;
    const split = keyferryCommand(['split', '--key', keyFile, '--threshold', '1', ...wrappingFiles.flatMap((f) => ['--wrapping-key', f]), '--key-id', keyId, '--out', bundleFile]);
    const cli = spawnSync(split.file, split.args, { cwd: split.cwd, encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    expect(JSON.parse(readFileSync(bundleFile, 'utf8'))).toMatchObject({ format: 'keyferry-bundle/1', keyId });

    const wizard = new ImportPage(page);
    await wizard.goto('failover');
    await page.getByRole('radio', { name: /A bundle file/ }).check();
    await wizard.bundleFiles.setInputFiles(bundleFile);
    await expect(wizard.prepared).toContainText('P-256 key, threshold 1, 3 wrapped shares');
    await expect(wizard.keyId).toHaveValue(keyId);
    await wizard.importButton.click();
    await expect(wizard.verdict).toContainText(`Imported. Every node of the site holds its share of key ${keyId}`, { timeout: 20_000 });
    await expectSiteHolds(failover, keyId, publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));

    // The same bundle cannot go to main: its shares are wrapped for failover's nodes.
    await wizard.goto('main');
    await page.getByRole('radio', { name: /A bundle file/ }).check();
    await wizard.bundleFiles.setInputFiles(bundleFile);
    await expect(page.getByRole('alert').filter({ hasText: 'which node 1 does not hold' })).toBeVisible();
    await expect(wizard.importButton).toBeDisabled();
    await page.screenshot({ path: testInfo.outputPath('import-bundle-wrong-site.png'), fullPage: true });
  });

  test('refuses what it cannot import, and stops on a pinned fingerprint that does not match', async ({ page, cluster }) => {
    expect(cluster.profiles).toHaveLength(2);
    const wizard = new ImportPage(page);
    await wizard.goto('main');
    await wizard.keyBox.fill(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString());
    await expect(wizard.refused).toHaveText(/^This is a public key\. Importing needs the private key/);
    await expect(wizard.splitButton).toBeDisabled();
    await wizard.keyBox.fill(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    await expect(wizard.refused).toContainText('(an RSA key) is not EC or Ed25519; Keyferry keys are secp256k1, P-256, P-384 or Ed25519');

    await wizard.keyBox.fill(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    await expect(wizard.detected).toBeVisible();
    await expect(wizard.splitButton).toBeEnabled();
    await wizard.pin(2).fill('00'.repeat(32));
    await expect(page.getByText(/^The node reports .*, not the expected 0000 0000/)).toBeVisible();
    await expect(wizard.splitButton).toBeDisabled();
    const actual = (await wizard.nodeFingerprint(2).textContent()) ?? '';
    await wizard.pin(2).fill(actual.toUpperCase());
    await expect(page.getByText('Matches.')).toBeVisible();
    await expect(wizard.splitButton).toBeEnabled();
  });
});
