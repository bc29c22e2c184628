// The export-whitelist manager against a real local cluster: every change is checked
// through the node's own API (GET /v1/export-config and its TOML), keys come from
// node:crypto, the browser's own wrapping keys and the other site's nodes.
import { expect, test, type LocalCluster } from './fixtures.ts';
import { exportConfig, putExportConfig, siteOf, wrappingKeyOf, type NodeProfile } from './node-api.ts';
import { rsaPublicKey, ecPrivateKey } from './keys.ts';
import { NodeWhitelistPage, SiteMatrixPage } from './pages/whitelist-page.ts';
import { WrappingKeysPage } from './pages/wrapping-keys-page.ts';
import { createPrivateKey, createPublicKey } from 'node:crypto';

const nodeOf = (cluster: LocalCluster, site: string, index: number): NodeProfile => {
  const node = siteOf(cluster, site).nodes.find((n) => n.index === index);
  if (node === undefined) throw new Error(`no node ${index} of ${site}`);
  return node;
};

/** GET /v1/export-config.toml: the [Player] section as the node renders it (text, not JSON). */
async function exportConfigToml(node: NodeProfile): Promise<string> {
  const response = await fetch(`${node.url}/v1/export-config.toml`, { headers: { Authorization: `Bearer ${node.token}` } });
  expect(response.ok, `export-config.toml: HTTP ${response.status}`).toBe(true);
  return response.text();
}
const base64Der = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');

test.describe('export whitelist manager', () => {
  // The worker's cluster is shared with other specs: leave every node as a new cluster has it.
  test.afterEach(async ({ cluster }) => {
    for (const profile of cluster.profiles) for (const node of profile.nodes) await putExportConfig(node, true, []);
  });

  test("adds a pasted key after review; the node's export config and TOML change", async ({ page, cluster }, testInfo) => {
    const node = nodeOf(cluster, 'main', 2);
    const key = rsaPublicKey(3072);
    const before = await exportConfig(node);
    const wl = new NodeWhitelistPage(page);
    // From the dashboard, as an operator gets there.
    await page.goto('/');
    await page.getByRole('link', { name: 'Export whitelist of node 2: 0' }).first().waitFor();
    await page.getByRole('region', { name: 'Site main', exact: true }).getByRole('link', { name: 'Export whitelist of node 2: 0' }).click();
    await expect(wl.heading).toHaveText('Export whitelist of node 2, site main');
    await expect(page.getByTestId('whitelist-empty')).toBeVisible();
    await expect(page.getByTestId('no-changes')).toBeVisible();

    await wl.keyBox.fill(key.pem);
    await expect(wl.candidateCheck).toHaveText(`Reads as PEM SubjectPublicKeyInfo: RSA 3072 bits, fingerprint ${key.fingerprint.slice(0, 12)}….`);
    await wl.addButton.click();
    await expect(wl.keyBox).toHaveValue('');
    await expect(wl.row(key.fingerprint)).toContainText('to be added');
    await expect(wl.yourChange).toContainText(`added ${key.fingerprint.slice(0, 12)}… (RSA 3072)`);
    const toml = await wl.tomlPreview.textContent();
    expect(toml).toContain(base64Der(key.pem));
    // Nothing reached the node before Apply.
    expect((await exportConfig(node)).version).toBe(before.version);
    await page.screenshot({
      path: testInfo.outputPath('whitelist-review.png'),
      fullPage: true,
    });

    await wl.applyButton.click();
    await expect(wl.outcome).toHaveText(`Applied. node 2’s export configuration is now version ${before.version + 1}.`);
    const after = await exportConfig(node);
    expect(after.version).toBe(before.version + 1);
    expect(after.entries.map((e) => e.fingerprint)).toEqual([key.fingerprint]);
    expect(after.whitelist).toEqual([base64Der(key.pem)]);
    // The preview was exactly what the node now renders.
    expect(await exportConfigToml(node)).toBe(toml);
    await expect(wl.row(key.fingerprint)).not.toContainText('to be added');
    await expect(wl.history.locator('li').first()).toContainText(`Version ${after.version} by admin`);
    await expect(wl.history.locator('li').first()).toContainText(`added ${key.fingerprint.slice(0, 12)}…`);
    await page.screenshot({
      path: testInfo.outputPath('whitelist-applied.png'),
      fullPage: true,
    });
  });

  test('refused keys say what the input was and why', async ({ page }, testInfo) => {
    const wl = new NodeWhitelistPage(page);
    await wl.goto('main', 1);
    // A private key pasted where a public key belongs is refused with a sentence, and the box
    // is emptied at once: the secret does not stay on screen.
    const secret = ecPrivateKey('prime256v1').pem;
    await wl.keyBox.fill(secret);
    await expect(page.getByTestId('private-key-refused')).toHaveText(/^The pasted text is a PEM private key \(PRIVATE KEY\), and this box takes a public key only, so it was cleared at once\./);
    await expect(wl.keyBox).toHaveValue('');
    await expect(page.getByText('-----BEGIN PRIVATE KEY-----')).toHaveCount(0);
    await expect(wl.addButton).toBeDisabled();
    const jwk = JSON.stringify(createPrivateKey(secret).export({ format: 'jwk' }));
    await wl.keyBox.fill(jwk);
    await expect(page.getByTestId('private-key-refused')).toContainText('is a JWK private key');
    await expect(wl.keyBox).toHaveValue('');
    await wl.keyFile.setInputFiles({ name: 'node1.key', mimeType: 'application/octet-stream', buffer: createPrivateKey(secret).export({ type: 'sec1', format: 'der' }) });
    await expect(wl.candidateCheck).toContainText('File "node1.key" is a SEC 1 EC private key (DER), and this box takes a public key only');
    await expect(page.getByText('Loaded node1.key')).toHaveCount(0);
    await expect(wl.keyBox).toHaveValue('');
    const ecPublic = createPublicKey(ecPrivateKey('secp384r1').pem).export({ type: 'spki', format: 'pem' }).toString();
    await wl.keyBox.fill(ecPublic);
    await expect(wl.candidateCheck).toHaveText('The pasted text: a wrapping key must be RSA, got EC.');
    await wl.keyBox.fill(rsaPublicKey(1024).pem);
    await expect(wl.candidateCheck).toContainText('RSA key of 1024 bits is refused; use at least 2048 bits');
    await expect(wl.addButton).toBeDisabled();
    await wl.keyFile.setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a key at all'),
    });
    await expect(wl.candidateCheck).toHaveText('File "notes.txt": not a PEM block or base64 DER public key.');
    await page.screenshot({
      path: testInfo.outputPath('whitelist-refused.png'),
      fullPage: true,
    });
    // A 2048-bit key is accepted, with a warning in the table once added.
    const small = rsaPublicKey(2048);
    await wl.keyBox.fill(small.pem);
    await wl.addButton.click();
    await expect(wl.row(small.fingerprint)).toContainText('RSA-2048: below the recommended 3072 bits.');
    // The draft survives a reload (sessionStorage), and Discard drops it.
    await page.reload();
    await expect(wl.row(small.fingerprint)).toContainText('to be added');
    await wl.discardButton.click();
    await expect(page.getByTestId('whitelist-empty')).toBeVisible();
  });

  test.describe('a concurrent edit', () => {
    // Chromium logs the node's 409 answer itself; that line is expected here.
    test.use({ expectedConsoleErrors: [/status of 409/] });

    test('is shown as a conflict and the draft carries over', async ({ page, cluster }, testInfo) => {
      const node = nodeOf(cluster, 'main', 3);
      const mine = rsaPublicKey(3072);
      const theirs = rsaPublicKey(3072);
      const wl = new NodeWhitelistPage(page);
      await wl.goto('main', 3);
      const base = await exportConfig(node);
      await wl.keyBox.fill(mine.pem);
      await wl.addButton.click();
      // Someone else changes the node meanwhile.
      await putExportConfig(node, true, [base64Der(theirs.pem)]);
    // The page follows the node's events: it says at once that the draft is now behind.
    await expect(page.getByTestId('stale-draft')).toContainText(`Your unapplied edits are based on version ${base.version}; the node is at version ${base.version + 1}`);
    await expect(wl.row(theirs.fingerprint)).toBeHidden();

      await wl.applyButton.click();
      await expect(wl.outcome).toContainText(
        `Not applied: the configuration changed meanwhile. You edited version ${base.version}; node 3 is now at version ${base.version + 1}`,
      );
      await expect(wl.outcome.getByRole('list', { name: 'Changed meanwhile' })).toContainText(`added ${theirs.fingerprint.slice(0, 12)}…`);
      await expect(wl.row(theirs.fingerprint)).toBeVisible();
      await expect(wl.row(mine.fingerprint)).toContainText('to be added');
      await page.screenshot({
        path: testInfo.outputPath('whitelist-conflict.png'),
        fullPage: true,
      });
      expect((await exportConfig(node)).entries.map((e) => e.fingerprint)).toEqual([theirs.fingerprint]);

      await wl.applyButton.click();
      await expect(wl.outcome).toHaveText(`Applied. node 3’s export configuration is now version ${base.version + 2}.`);
      expect((await exportConfig(node)).entries.map((e) => e.fingerprint).sort()).toEqual([mine.fingerprint, theirs.fingerprint].sort());
    });
  });

  test("whitelists a browser wrapping key and another site's node key; the matrix shows who refuses", async ({ page, cluster }, testInfo) => {
    const keys = new WrappingKeysPage(page);
    await keys.goto();
    await keys.generate('e2e receiver', 2048);
    await expect(keys.field('e2e receiver', 'Fingerprint')).toHaveText(/^[0-9a-f]{64}$/, { timeout: 20_000 });
    const browserFp = (await keys.field('e2e receiver', 'Fingerprint').textContent()) ?? '';

    const failover1 = nodeOf(cluster, 'failover', 1);
    const failoverKey = await wrappingKeyOf(failover1);

    const wl = new NodeWhitelistPage(page);
    await wl.goto('main', 1);
    await wl.mode('A browser wrapping key').check();
    await expect(
      wl.picker('browser wrapping key').getByRole('option', {
        name: `Browser wrapping key “e2e receiver” — RSA 2048 — ${browserFp.slice(0, 12)}…`,
      }),
    ).toBeAttached();
    await wl.picker('browser wrapping key').selectOption(browserFp);
    await wl.addButton.click();
    await wl.mode('A node’s wrapping key').check();
    await wl.picker('node wrapping key').selectOption(failoverKey.fingerprint);
    await wl.addButton.click();
    await expect(wl.row(browserFp)).toContainText('Browser wrapping key “e2e receiver”');
    await expect(wl.row(failoverKey.fingerprint)).toContainText('Node 1 of site failover');
    await wl.applyButton.click();
    await expect(wl.outcome).toContainText('Applied.');
    const after = await exportConfig(nodeOf(cluster, 'main', 1));
    expect(after.entries.map((e) => e.fingerprint).sort()).toEqual([browserFp, failoverKey.fingerprint].sort());

    const matrix = new SiteMatrixPage(page);
    await matrix.goto('main');
    await expect(matrix.cells(browserFp)).toHaveText(['Admits', 'Refuses', 'Refuses']);
    await expect(matrix.table.locator(`tr[data-fingerprint="${browserFp}"]`)).toContainText('Refused by nodes 2, 3');
    await page.screenshot({
      path: testInfo.outputPath('whitelist-matrix.png'),
      fullPage: true,
    });
  });

  test('the wildcard needs an explicit confirmation naming the risk', async ({ page, cluster }) => {
    const wl = new NodeWhitelistPage(page);
    await wl.goto('failover', 2);
    await page.getByRole('button', { name: 'Set the wildcard “*”…' }).click();
    await expect(wl.dialog).toContainText(
      'Anyone who can start an export session on this site could then have this node’s share wrapped under a key they hold',
    );
    const confirm = wl.dialog.getByRole('button', { name: 'Set the wildcard' });
    await expect(confirm).toBeDisabled();
    await wl.dialog
      .getByRole('checkbox', {
        name: 'I understand that node 2 will wrap its share under any RSA key an export names.',
      })
      .check();
    await confirm.click();
    await expect(wl.dialog).toBeHidden();
    await expect(wl.yourChange).toContainText('added * (wildcard: any key)');
    await wl.applyButton.click();
    await expect(wl.outcome).toContainText('Applied.');
    expect((await exportConfig(nodeOf(cluster, 'failover', 2))).whitelist).toEqual(['*']);
  });

  test('works from the keyboard alone', async ({ page, cluster }) => {
    const key = rsaPublicKey(3072);
    const wl = new NodeWhitelistPage(page);
    await wl.goto('failover', 3);
    const tabTo = async (name: RegExp) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
        if (name.test(focused)) return;
      }
      throw new Error(`never reached ${name}`);
    };
    // The wildcard dialog: Escape cancels and focus returns to its button.
    await tabTo(/^Set the wildcard/);
    await page.keyboard.press('Enter');
    await expect(wl.dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(wl.dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Set the wildcard “*”…' })).toBeFocused();
    // Paste a key into the box and add it with Ctrl+Enter, then Apply with Enter.
    await wl.keyBox.focus();
    await page.keyboard.insertText(key.pem);
    await page.keyboard.press('Control+Enter');
    await expect(wl.row(key.fingerprint)).toContainText('to be added');
    await tabTo(/^Apply to node 3$/);
    await page.keyboard.press('Enter');
    await expect(wl.outcome).toContainText('Applied.');
    expect((await exportConfig(nodeOf(cluster, 'failover', 3))).entries.map((e) => e.fingerprint)).toEqual([key.fingerprint]);
  });
});
