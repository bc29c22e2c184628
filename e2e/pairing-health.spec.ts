// Pairing health on a real local cluster in real Chromium (issue 11, step 6 and "Around
// it"): the two sites are paired through the client's pairing code (as `keyferry pair
// apply` does), the dashboard says so with no alarm; fail-over node 1 rotates its wrapping
// key and the dashboard raises the drift alarm for main node 1 within seconds (over the
// nodes' event streams); applying again clears it. The keys list shows each key's state on
// the counterpart, and the whitelist editor names a cross-index key for what it is.
import { randomBytes } from 'node:crypto';
import { applyPairing, readPairing } from '../src/client/pairing-state.ts';
import { copyKey, syncKeys } from '../src/client/pair-transfer.ts';
import type { SiteClient } from '../src/client/site-client.ts';
import { expect, test } from './fixtures.ts';
import { keygenOn, nodeApis, putExportConfig, resetCluster, siteClientOf, siteOf, type NodeProfile } from './node-api.ts';
import { DashboardPage } from './pages/dashboard-page.ts';
import { NodeWhitelistPage } from './pages/whitelist-page.ts';

/**
 * What `keyferry pair apply` and `pair sync` do: read both sites, apply the plan
 * (whitelists, then records), copy the keys fail-over lacks (other specs on this worker's
 * cluster leave keys on main) — so the dashboard has nothing to warn about.
 */
async function pair(main: SiteClient, failover: SiteClient) {
  const state = await readPairing(main, failover);
  const outcomes = await applyPairing(state, new Map([[main.site.name, main], [failover.site.name, failover]]));
  expect(outcomes.filter((o) => o.outcome === 'conflict' || o.outcome === 'failed')).toEqual([]);
  const synced = await syncKeys(main, failover);
  expect(synced.results.filter((r) => r.outcome !== 'copied' && r.outcome !== 'skipped')).toEqual([]);
  const after = await readPairing(main, failover);
  expect(after.paired).toBe(true);
  expect(after.problems).toEqual([]);
}

async function rotateWrappingKey(node: NodeProfile) {
  const response = await fetch(`${node.url}/v1/wrapping-key/rotate`, { method: 'POST', headers: { Authorization: `Bearer ${node.token}` } });
  expect(response.status).toBe(200);
}


test.describe('pairing health', () => {
  // Each test pairs and syncs two real sites before it looks: more than the default 30 s on a busy machine.
  test.describe.configure({ timeout: 120_000 });
  // The worker's cluster is shared with other specs: leave whitelists, records and keys as a new cluster has them.
  const madeKeys: string[] = [];
  test.afterEach(async ({ cluster }) => resetCluster(cluster, madeKeys.splice(0)));


  test('dashboard: paired, then the drift alarm for main node 1 when fail-over node 1 rotates, cleared by applying again', async ({ page, cluster }, testInfo) => {
    const main = siteClientOf(siteOf(cluster, 'main'));
    const failover = siteClientOf(siteOf(cluster, 'failover'));
    await pair(main, failover);

    const dashboard = new DashboardPage(page);
    await dashboard.goto();
    const panel = page.getByRole('region', { name: 'Pairing main → failover' });
    const health = panel.getByRole('status', { name: 'Pairing health of main → failover' });
    const alarms = panel.getByRole('list', { name: 'Alarms for main → failover' });
    await expect(health).toHaveText(/main is paired with failover \(one way\)/, { timeout: 15_000 });
    await expect(alarms).toHaveCount(0);
    await expect(panel.getByRole('table', { name: 'Node pairs of main → failover' }).getByText('Paired', { exact: true })).toHaveCount(6);
    // Both sites live before the change, so only the event streams can bring it in time.
    await expect(dashboard.liveIndicator('main')).toHaveText('Live');
    await expect(dashboard.liveIndicator('failover')).toHaveText('Live');

    const failover1 = siteOf(cluster, 'failover').nodes.find((n) => n.index === 1)!;
    const before = (await nodeApis.info.get(failover1)).wrappingKeyFingerprint;
    await rotateWrappingKey(failover1);
    const after = (await nodeApis.info.get(failover1)).wrappingKeyFingerprint;
    expect(after).not.toBe(before);

    // Well under the 20 s interval re-read: the wrapping-key.rotated event drives it.
    const soon = { timeout: 10_000 };
    await expect(health).toHaveText(/main is not paired with failover/, soon);
    const drift = alarms.getByRole('listitem').filter({ hasText: 'Drift: counterpart rotated its wrapping key' });
    await expect(drift).toHaveCount(1, soon);
    await expect(drift).toContainText('(main node 1)');
    await expect(drift).toContainText(before.slice(0, 16));
    await expect(drift).toContainText(after.slice(0, 16));
    await expect(panel.getByRole('table', { name: 'Node pairs of main → failover' }).getByText('Paired', { exact: true })).toHaveCount(5);
    await expect(panel.locator('td[data-state="problem"]')).toHaveCount(1);
    await expect(panel).toHaveAttribute('data-tone', 'alarm');

    const screenshot = testInfo.outputPath('dashboard-pairing-drift.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach('dashboard with a drift alarm', { path: screenshot, contentType: 'image/png' });

    await pair(main, failover);
    await expect(health).toHaveText(/main is paired with failover \(one way\)/, soon);
    await expect(alarms).toHaveCount(0);

    // Without the counterpart in this console: said so, and main's nodes checked alone against their records.
    await dashboard.disconnect('failover');
    await expect(health).toHaveText(/main records a pairing with failover \(one way\); failover is not connected in this console/, soon);
    await expect(panel.locator('td[data-state="matches-record"]')).toHaveCount(3);
    await expect(panel.locator('td[data-state="paired"]')).toHaveCount(0);
    await expect(alarms).toHaveCount(0);
    // A changed whitelist is still seen from main alone.
    const main2 = siteOf(cluster, 'main').nodes.find((n) => n.index === 2)!;
    await putExportConfig(main2, true, ['*']);
    const changed = alarms.getByRole('listitem').filter({ hasText: 'Whitelist changed' });
    await expect(changed).toContainText('(main node 2)', soon);
    await expect(changed).toContainText('the whitelist is "*"');
  });

  test('keys list: full public key and each key on the counterpart; whitelist editor: a cross-index key is named', async ({ page, cluster }, testInfo) => {
    const mainProfile = siteOf(cluster, 'main');
    const main = siteClientOf(mainProfile);
    const failover = siteClientOf(siteOf(cluster, 'failover'));
    const keyId = `e2e-health-${randomBytes(4).toString('hex')}`;
    madeKeys.push(keyId);
    await pair(main, failover);
    const publicKey = await keygenOn(mainProfile, 'secp256k1', keyId);

    await page.goto('/sites/main/keys');
    const table = page.getByRole('table', { name: 'Keys of site main' });
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: keyId }) });
    await expect(table.getByRole('columnheader', { name: 'on failover' })).toBeVisible();
    await expect(row.locator('td.keys-counterpart')).toHaveText('Missing');
    await row.getByText('Public key', { exact: true }).click();
    await expect(row.getByLabel(`Public key of ${keyId} (base64 SPKI)`)).toHaveText(publicKey);
    await expect(row.getByRole('button', { name: `Copy the public key of ${keyId}` })).toBeVisible();
    await expect(row.getByRole('button', { name: `Copy the public key fingerprint of ${keyId}` })).toBeVisible();

    // The dashboard counts it as not yet on fail-over, with the way to copy it.
    await page.goto('/');
    const panel = page.getByRole('region', { name: 'Pairing main → failover' });
    await expect(panel.getByText('1 key on main is not on failover yet.')).toBeVisible({ timeout: 15_000 });
    await expect(panel.getByRole('link', { name: 'Copy them on the pairing page' })).toHaveAttribute('href', '/pairing');

    const copied = await copyKey(main, failover, keyId);
    expect(copied.outcome).toBe('copied');
    await page.goto('/sites/main/keys');
    await expect(row.locator('td.keys-counterpart')).toHaveText('Same public key');
    await page.screenshot({ path: testInfo.outputPath('keys-on-counterpart.png'), fullPage: true });

    // Main node 1's whitelist: fail-over node 3's key is a cross-index entry; node 1's is its counterpart.
    const whitelist = new NodeWhitelistPage(page);
    await whitelist.goto('main', 1);
    await expect(page.getByRole('region', { name: 'Fail-over pairing' })).toContainText('paired with node 1 of failover (one way)');
    await whitelist.mode('A node’s wrapping key').check();
    const failover3 = (await nodeApis.exportConfig.wrappingKeys(siteOf(cluster, 'failover').nodes.find((n) => n.index === 3)!)).fingerprint;
    const failover1 = (await nodeApis.exportConfig.wrappingKeys(siteOf(cluster, 'failover').nodes.find((n) => n.index === 1)!)).fingerprint;
    await whitelist.picker('node wrapping key').selectOption(failover3);
    await expect(page.getByTestId('pairing-check')).toHaveText(/^Pairing warning: Fail-over node 3's key — a cross-index entry/);
    await whitelist.addButton.click();
    await expect(page.getByRole('list', { name: 'Pairing warnings' })).toContainText("Fail-over node 3's key — a cross-index entry");
    await expect(whitelist.row(failover3)).toContainText('a cross-index entry');
    await expect(whitelist.row(failover1)).not.toContainText('Pairing:');
    await page.screenshot({ path: testInfo.outputPath('whitelist-cross-index.png'), fullPage: true });
  });
});
