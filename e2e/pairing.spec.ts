// The fail-over pairing wizard end to end on the real local cluster (two sites × 3 nodes):
// from the dashboard to /pairing, the checks (a wrong pin stops the wizard, naming the
// node), the plan picture with the states the nodes were left in, apply, the canary, and
// the sync of keys of several curves — then, through the nodes' own APIs, every main node
// i admits exactly fail-over node i's key and every key has one ID and public key on all
// six nodes; a key ID used for another key on the fail-over site is shown as a conflict
// and never offered or overwritten.
import { randomBytes } from 'node:crypto';
import { expect, test } from './fixtures.ts';
import { rsaPublicKey } from './keys.ts';
import { exportConfig, keygenOn as keygen, nodeKey, putExportConfig, resetCluster, siteOf, wrappingKeyOf } from './node-api.ts';
import { PairingPage } from './pages/pairing-page.ts';

type KeygenCurve = 'secp256k1' | 'Ed25519' | 'P-256';


const uniqueId = (prefix: string) => `e2e-${prefix}-${randomBytes(4).toString('hex')}`;

test.describe('fail-over pairing wizard', () => {
  // A copy asks each fail-over node for the key first: "not there yet" is a 404 the browser logs.
  test.use({ expectedConsoleErrors: [/status of 404/] });

  // The worker's cluster is shared with other specs: leave whitelists, records and keys as a new cluster has them.
  const madeKeys: string[] = [];
  test.afterEach(async ({ cluster }) => resetCluster(cluster, madeKeys.splice(0)));

  test('plan, apply, canary and sync of keys of three curves; a conflict is shown and never overwritten', async ({ page, cluster }, testInfo) => {
    test.setTimeout(300_000);
    const main = siteOf(cluster, 'main');
    const failover = siteOf(cluster, 'failover');
    const targets = await Promise.all(failover.nodes.map((node) => wrappingKeyOf(node)));

    // Main's whitelists as the picture should show them: 1 cross-index, 2 wildcard, 3 extra entries.
    const stranger = rsaPublicKey();
    await putExportConfig(main.nodes[0]!, true, [targets[1]!.spki]);
    await putExportConfig(main.nodes[1]!, true, ['*']);
    await putExportConfig(main.nodes[2]!, true, [targets[2]!.spki, stranger.pem]);

    // Keys on main of three curves, and one key ID the fail-over site uses for another key.
    const curves: KeygenCurve[] = ['secp256k1', 'Ed25519', 'P-256'];
    const keys = curves.map((curve) => ({ curve, keyId: uniqueId(curve.toLowerCase()), publicKey: '' }));
    const conflictId = uniqueId('conflict');
    madeKeys.push(conflictId, ...keys.map((k) => k.keyId));
    const [conflictOnMain, conflictOnFailover] = await Promise.all([keygen(main, 'secp256k1', conflictId), keygen(failover, 'secp256k1', conflictId)]);
    for (const k of keys) k.publicKey = await keygen(main, k.curve, k.keyId);
    expect(conflictOnMain).not.toBe(conflictOnFailover);

    // From the dashboard to the wizard.
    await page.goto('/');
    await page.getByRole('link', { name: 'fail-over pairing' }).click();
    const wizard = new PairingPage(page);
    await expect(wizard.heading).toHaveText('Fail-over pairing');
    await expect(page).toHaveURL(/\/pairing$/);

    // The same site twice is refused.
    await wizard.choose('main', 'main');
    await expect(page.getByRole('alert').filter({ hasText: 'Site main is chosen twice' })).toBeVisible();

    // Step 1: the checks pass; a wrong pin stops the wizard naming the node, the right one matches.
    await wizard.choose('main', 'failover');
    for (const id of ['reachable', 'shape', 'admin'] as const) await expect(wizard.check(id)).toHaveAttribute('data-ok', 'true', { timeout: 15_000 });
    await expect(wizard.check('admin')).toContainText('Every token is admin on all 6 nodes.');
    const fp2 = targets[1]!.fingerprint;
    await expect(page.locator('tr[data-node="failover/2"]')).toContainText(fp2.slice(0, 4) + ' ' + fp2.slice(4, 8));
    const wrong = (fp2.slice(0, 15) + (fp2[15] === '0' ? '1' : '0')).toUpperCase();
    await wizard.pin('failover', 2).fill(wrong);
    await expect(wizard.pinStop).toContainText('The pin for failover node 2 does not match its wrapping key');
    await expect(page.getByRole('region', { name: '2. Plan' })).toContainText('Stopped: a pin of step 1 does not match');
    await wizard.pin('failover', 2).fill(fp2.slice(0, 16).replace(/(.{4})/g, '$1 '));
    await expect(page.locator('tr[data-node="failover/2"]')).toContainText('Matches');
    await expect(wizard.pinStop).toHaveCount(0);

    // Step 2: the picture shows each pair's state, in words too.
    await expect(wizard.pair('main', 'failover', 1)).toHaveAttribute('data-state', 'wrong-counterpart', { timeout: 20_000 });
    await expect(wizard.pair('main', 'failover', 1)).toContainText('Wrong counterpart');
    await expect(wizard.picture('main', 'failover').locator('g[data-cross="1-2"]')).toHaveCount(1);
    await expect(wizard.pair('main', 'failover', 2)).toHaveAttribute('data-state', 'wildcard');
    await expect(wizard.pair('main', 'failover', 3)).toHaveAttribute('data-state', 'extra-entries');
    await expect(wizard.nodeChange('main', 1)).toContainText('Whitelist := [failover node 1’s key');
    await expect(wizard.nodeChange('main', 1)).toContainText('a cross-index entry');
    await expect(wizard.nodeChange('main', 2).getByRole('checkbox', { name: 'Keep' })).toBeDisabled();
    // Keeping the stranger's key on node 3 leaves it unchanged, with a warning; un-kept it goes.
    const keepStranger = wizard.nodeChange('main', 3).getByRole('checkbox', { name: 'Keep' });
    await keepStranger.check();
    await expect(wizard.nodeChange('main', 3)).toContainText('Kept: main node 3 would still wrap its share under this key');
    await expect(wizard.nodeChange('main', 3)).toContainText('Nothing to change: the kept entries stay');
    await keepStranger.uncheck();
    await expect(wizard.nodeChange('main', 3)).toContainText('Whitelist := [failover node 3’s key');
    await expect(page.getByTestId('picture-main').getByRole('list', { name: 'Legend' })).toContainText('Wrong counterpart — dashed line, with a diagonal arrow');
    await expect(wizard.picture('main', 'failover').locator('g[data-cross="1-2"]')).toContainText('node 1 lists node 2’s key');
    await wizard.picture('main', 'failover').scrollIntoViewIfNeeded();
    await wizard.picture('main', 'failover').screenshot({ path: testInfo.outputPath('pairing-plan.png') });
    if (process.env['KEYFERRY_DOCS_SCREENSHOTS']) {
      await page.getByTestId('picture-main').screenshot({ path: 'docs/images/pairing-plan.png' });
    }
    // The canary and the sync wait for the pairing.
    await expect(page.getByRole('region', { name: '4. Canary' })).toContainText('Apply the plan first: main node 1 (wrong counterpart), main node 2 (wildcard)');

    // Step 3: apply; every main node changes, and the re-read plan shows them paired.
    await wizard.applyButton.click();
    await expect(wizard.applySummary).toContainText('Whitelists changed: main node 1, main node 2, main node 3.', { timeout: 20_000 });
    await expect(wizard.applySummary).toContainText('Pairing records written: main node 1, main node 2, main node 3, failover node 1, failover node 2, failover node 3.');
    await expect(wizard.applySummary).toContainText('Every node is now as planned.');
    for (const i of [1, 2, 3]) await expect(wizard.pair('main', 'failover', i)).toHaveAttribute('data-state', 'paired', { timeout: 20_000 });
    await page.screenshot({ path: testInfo.outputPath('pairing-applied.png'), fullPage: true });

    // Step 4: the canary goes through.
    await wizard.canaryButton.click();
    await expect(wizard.canaryResult).toContainText('Canary ok', { timeout: 90_000 });
    await expect(page.getByRole('list', { name: 'Canary steps' }).locator('li[data-ok="true"]')).toHaveCount(5);
    await expect(page.getByRole('list', { name: 'Canary steps' })).toContainText(/Delete it on both sites.*\d+ ms/);

    // Step 5: the conflict is shown, not offered; the three keys are copied.
    await expect(wizard.conflicts).toContainText(`Key ID ${conflictId} names another key on failover`);
    await expect(wizard.conflicts).toContainText('never overwritten');
    await expect(wizard.missingKeys.locator(`li[data-key="${conflictId}"]`)).toHaveCount(0);
    await wizard.selectNone.click();
    await expect(page.getByRole('button', { name: 'Copy 0 keys to the fail-over site' })).toBeDisabled();
    for (const k of keys) await wizard.missingKey(k.keyId).check();
    await expect(wizard.copyButton).toHaveText('Copy 3 keys to the fail-over site');
    await wizard.copyButton.click();
    await expect(wizard.syncProgress).toContainText(/keys\/s/, { timeout: 30_000 });
    await expect(wizard.syncProgress).toContainText('3 of 3 keys done (3 copied)', { timeout: 180_000 });
    for (const k of keys) await expect(wizard.outcome(k.keyId)).toHaveAttribute('data-outcome', 'copied');
    await page.screenshot({ path: testInfo.outputPath('pairing-synced.png'), fullPage: true });

    // A reload reads the nodes again: the copied keys are no longer offered, the conflict still shown.
    await page.reload();
    await expect(wizard.syncSummary).toBeVisible({ timeout: 30_000 });
    for (const k of keys) await expect(page.locator(`li[data-key="${k.keyId}"]`).getByRole('checkbox')).toHaveCount(0);
    await expect(wizard.conflicts).toContainText(conflictId);

    // Through the nodes' APIs: main node i admits exactly fail-over node i's key, export on.
    for (const [i, node] of main.nodes.entries()) {
      const config = await exportConfig(node);
      expect(config.enableExport, `main node ${i + 1} export`).toBe(true);
      expect(config.whitelist, `main node ${i + 1} whitelist`).toEqual([targets[i]!.spki]);
    }
    // Every copied key: the same ID and public key on all six nodes.
    for (const k of keys) {
      for (const node of [...main.nodes, ...failover.nodes]) {
        const held = await nodeKey(node, k.keyId);
        expect(held.publicKey, `${k.keyId} on ${node.url}`).toBe(k.publicKey);
        expect(held.curve).toBe(k.curve);
      }
    }
    // The conflict was never overwritten.
    for (const node of failover.nodes) expect((await nodeKey(node, conflictId)).publicKey).toBe(conflictOnFailover);
  });
});
