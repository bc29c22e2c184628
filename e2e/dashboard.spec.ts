// The dashboard against a real local cluster (two sites × 3 nodes): it connects by itself
// through the console server's local profiles, shows what each node's /v1/info says, tells
// a refused token apart from a working node, stays live over the nodes' event streams, and
// forgets tokens on Disconnect.
import { writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { expect, test } from './fixtures.ts';
import { exportConfig, nodeInfo, putExportConfig, type NodeProfile } from './node-api.ts';
import { DashboardPage } from './pages/dashboard-page.ts';

/** PUT /v1/export-config with this config, based on the version the node has now. */
const putConfig = (node: NodeProfile, config: { enableExport: boolean; whitelist: string[] }) => putExportConfig(node, config.enableExport, config.whitelist);

test.describe('dashboard', () => {
  test('connects to the local cluster by itself and shows every node as its /v1/info says', async ({ page, cluster }, testInfo) => {
    expect(cluster.profiles.map((p) => p.site)).toEqual(['failover', 'main']);
    const dashboard = new DashboardPage(page);
    await dashboard.goto();
    await expect(dashboard.heading).toHaveText('Sites');
    expect(page.url()).not.toContain('token');

    for (const profile of cluster.profiles) {
      await expect(dashboard.site(profile.site)).toBeVisible();
      for (const node of profile.nodes) {
        const info = await nodeInfo(node);
        await expect(await dashboard.cell(profile.site, node.index, 'Status')).toHaveText('Reachable');
        const fingerprint = (await dashboard.cell(profile.site, node.index, 'Wrapping key')).getByTitle(info.wrappingKeyFingerprint);
        await expect(fingerprint).toHaveText(info.wrappingKeyFingerprint.slice(0, 12));
        await expect(await dashboard.cell(profile.site, node.index, 'Version')).toHaveText(info.version);
        await expect(await dashboard.cell(profile.site, node.index, 'n/t')).toHaveText(`${info.n}/${info.t}`);
        await expect(await dashboard.cell(profile.site, node.index, 'Keys')).toHaveText(String(info.keyCount));
        await expect(await dashboard.cell(profile.site, node.index, 'Whitelist')).toHaveText(String(info.whitelistSize));
      }
    }
    await expect(page.getByRole('cell', { name: 'Reachable', exact: true })).toHaveCount(6);
    // A new cluster has export enabled and an empty whitelist on every node.
    await expect(dashboard.warnings('main')).toContainText('Node 1 has export enabled with an empty whitelist');

    const screenshot = testInfo.outputPath('dashboard-local-cluster.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach('dashboard', { path: screenshot, contentType: 'image/png' });
  });

  test('is live: a node\'s export config changed through its API shows within 3 s', async ({ page, cluster }) => {
    const main = cluster.profiles.find((p) => p.site === 'main');
    const node = main?.nodes.find((n) => n.index === 2);
    if (node === undefined) throw new Error('no node 2 in site main');
    const dashboard = new DashboardPage(page);
    await dashboard.goto();
    await expect(page.locator('tr[data-state="reachable"]')).toHaveCount(6);
    await expect(dashboard.liveIndicator('main')).toHaveText('Live');

    // Quicker than the 30 s safety re-fetch: only the event stream can bring these in time.
    const live = { timeout: 3_000 };
    const original = await exportConfig(node);
    try {
      await putConfig(node, { enableExport: false, whitelist: [] });
      await expect(await dashboard.cell('main', 2, 'Export')).toHaveText('Disabled', live);
      await expect(dashboard.warnings('main')).not.toContainText('Node 2 has export enabled', live);

      await putConfig(node, { enableExport: true, whitelist: [] });
      await expect(await dashboard.cell('main', 2, 'Export')).toHaveText('Enabled', live);
      await expect(dashboard.warnings('main')).toContainText('Node 2 has export enabled with an empty whitelist', live);
      await expect(await dashboard.cell('main', 2, 'Updates')).toHaveText('Live');
    } finally {
      // The worker's cluster is shared with the other tests.
      await putConfig(node, { enableExport: original.enableExport, whitelist: original.whitelist });
    }
  });

  test.describe('a profile with a wrong token', () => {
    // Chromium logs every 401 response itself; that line is expected here.
    test.use({ expectedConsoleErrors: [/status of 401/] });

    test('shows that node as "token refused" while the others work', async ({ page, cluster }, testInfo) => {
      const main = cluster.profiles.find((p) => p.site === 'main');
      if (main === undefined) throw new Error('no site main');
      const profile = {
        site: 'imported',
        threshold: main.threshold,
        nodes: main.nodes.map((n) => (n.index === 2 ? { ...n, token: 'not-the-token' } : n)),
      };
      const file = testInfo.outputPath('imported.json');
      writeFileSync(file, JSON.stringify(profile, null, 2));

      const dashboard = new DashboardPage(page);
      await dashboard.goto();
      await expect(dashboard.site('main')).toBeVisible();
      await dashboard.importFile(file);

      await expect(await dashboard.cell('imported', 2, 'Status')).toContainText('token refused');
      await expect(await dashboard.cell('imported', 1, 'Status')).toHaveText('Reachable');
      await expect(await dashboard.cell('imported', 3, 'Status')).toHaveText('Reachable');
      await expect(dashboard.warnings('imported')).toContainText('Node 2 is not reachable: token refused.');
      // The nodes are site main's: the dashboard says the profile's name does not match.
      await expect(dashboard.warnings('imported')).toContainText('Node 1 says it belongs to site "main", not "imported"');

      const screenshot = testInfo.outputPath('dashboard-token-refused.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      await testInfo.attach('token refused', { path: screenshot, contentType: 'image/png' });
    });
  });

  test('names the wrong field of a pasted profile', async ({ page, cluster }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.goto();
    await expect(dashboard.site('main')).toBeVisible();
    const main = cluster.profiles.find((p) => p.site === 'main');
    await dashboard.profileText.fill(JSON.stringify({ ...main, threshold: 3 }));
    await dashboard.addSiteButton.click();
    await expect(dashboard.importError).toContainText('"threshold"');
  });

  test('Disconnect forgets a site and its token; nothing is left in web storage', async ({ page, cluster }, testInfo) => {
    const dashboard = new DashboardPage(page);
    await dashboard.goto();
    await expect(page.getByRole('cell', { name: 'Reachable', exact: true })).toHaveCount(6);
    const tokens = cluster.profiles.flatMap((p) => p.nodes.map((n) => n.token));

    await dashboard.disconnect('failover');
    await expect(dashboard.site('failover')).toHaveCount(0);
    await expect(dashboard.site('main')).toBeVisible();
    await dashboard.disconnect('main');
    await expect(dashboard.emptyState).toBeVisible();
    await expect(dashboard.profileFile).toBeVisible();

    const storage = await page.evaluate(() => ({
      session: Object.keys(sessionStorage).map((k) => `${k}=${sessionStorage.getItem(k) ?? ''}`).join('\n'),
      localLength: localStorage.length,
    }));
    expect(storage.localLength).toBe(0);
    expect(storage.session).toBe('');
    for (const token of tokens) expect(storage.session).not.toContain(token);

    const screenshot = testInfo.outputPath('dashboard-empty.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach('no sites', { path: screenshot, contentType: 'image/png' });
  });
});

test('the local profiles are refused to anything but the console itself', async ({ consoleServer }) => {
  const url = `${consoleServer.url}local/site-profiles`;
  expect((await fetch(url)).status).toBe(403);
  expect((await fetch(url, { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
  // A DNS-rebound name: fetch() cannot set Host, node:http can.
  const rebound = await new Promise<number>((resolve, reject) => {
    get(url, { headers: { 'Sec-Fetch-Site': 'same-origin', Host: `evil.example:${consoleServer.port}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
  expect(rebound).toBe(403);
  const ok = await fetch(url, { headers: { 'Sec-Fetch-Site': 'same-origin' } });
  expect(ok.status).toBe(200);
  expect(ok.headers.get('cache-control')).toBe('no-store');
});
