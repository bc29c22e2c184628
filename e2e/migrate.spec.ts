// The console's migrate page against the real local cluster (sites main and failover): five
// keys of the four curves generated on main; a copy of four of them chosen from the page's
// filtered list is refused while main's nodes do not whitelist failover's wrapping keys (the
// alert names the whitelist and nothing changes), then runs once they do — every chosen key
// on all three failover nodes with main's public key and still on main, the fifth on main
// only. Then a move of all five, stopped after its first batch and finished with Run again:
// every key gone from every main node and on every failover node, the CSV report one row
// per key with its status. Screenshots of the review, the running progress and the report.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { CurveName } from '../src/crypto/curves.ts';
import { expect, test } from './fixtures.ts';
import { tabTo } from './keyboard.ts';
import { DashboardPage } from './pages/dashboard-page.ts';
import { keygenOn, nodeApis, nodeKey, putExportConfig, resetCluster, siteOf, wrappingKeyOf } from './node-api.ts';

class MigratePage {
  readonly heading: Locator;
  readonly target: Locator;
  readonly chosenKeys: Locator;
  readonly allKeys: Locator;
  readonly filter: Locator;
  readonly keyList: Locator;
  readonly copy: Locator;
  readonly move: Locator;
  readonly batchSize: Locator;
  readonly review: Locator;
  readonly planned: Locator;
  readonly progress: Locator;
  readonly progressBar: Locator;
  readonly stop: Locator;
  readonly report: Locator;
  readonly summary: Locator;
  readonly left: Locator;
  readonly runAgain: Locator;
  readonly downloadCsv: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.target = page.getByRole('combobox', { name: 'Target site' });
    this.allKeys = page.getByRole('radio', { name: /^All keys of site/ });
    this.chosenKeys = page.getByRole('radio', { name: 'Chosen keys' });
    this.filter = page.getByRole('searchbox', { name: 'Filter keys' });
    this.keyList = page.getByRole('list', { name: 'Keys of site main' });
    this.copy = page.getByRole('radio', { name: /^Copy:/ });
    this.move = page.getByRole('radio', { name: /^Move:/ });
    this.batchSize = page.getByRole('textbox', { name: 'Keys per batch' });
    this.review = page.getByRole('button', { name: 'Review the plan' });
    this.planned = page.getByRole('table', { name: 'Planned keys' });
    this.progress = page.getByRole('status', { name: 'Migrate progress' });
    this.progressBar = page.getByRole('progressbar', { name: 'Keys reported' });
    this.stop = page.getByRole('button', { name: 'Stop after this batch' });
    this.report = page.getByRole('table', { name: 'Migrate report' });
    this.summary = page.getByTestId('migrate-summary');
    this.left = page.getByRole('status', { name: 'What is left' });
    this.runAgain = page.getByRole('button', { name: 'Run again' });
    this.downloadCsv = page.getByRole('button', { name: 'Download report (CSV)' });
  }

  async goto(site: string) {
    await this.page.goto(`/sites/${site}/migrate`);
    await this.heading.waitFor();
  }

  start(move: boolean, keys: number, to: string): Locator {
    return this.page.getByRole('button', { name: `${move ? 'Move' : 'Copy'} ${keys} ${keys === 1 ? 'key' : 'keys'} to ${to}` });
  }

  plannedCount(what: 'copy' | 'finish-move' | 'skip' | 'conflict' | 'refuse' | 'total'): Locator {
    return this.page.getByTestId(`plan-${what}`);
  }
}

const CURVES: CurveName[] = ['secp256k1', 'P-256', 'P-384', 'Ed25519', 'secp256k1'];

test.describe('migrate page', () => {
  test('is linked from the site card; with no other site connected it says how to connect one', async ({ page, cluster }) => {
    expect(cluster.profiles.map((p) => p.site).sort()).toEqual(['failover', 'main']);
    const dashboard = new DashboardPage(page);
    await dashboard.goto();
    await expect(page.getByRole('cell', { name: 'Reachable', exact: true })).toHaveCount(6);
    await dashboard.disconnect('failover');
    await dashboard.site('main').getByRole('link', { name: 'Migrate' }).click();
    await expect(page).toHaveURL(/\/sites\/main\/migrate$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Migrate keys from site main');
    await expect(page.getByRole('status', { name: 'Target sites' })).toContainText(
      'No other site is connected in this tab, so there is nowhere to migrate to.',
    );
    await expect(page.getByRole('button', { name: 'Review the plan' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Go to Sites' }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  test('copy a chosen subset (refused until whitelisted), then move them with a stop and Run again; checked on every node; CSV report', async ({
    page,
    cluster,
  }, testInfo) => {
    test.setTimeout(240_000);
    const main = siteOf(cluster, 'main');
    const failover = siteOf(cluster, 'failover');
    const prefix = `e2e-mig-${randomBytes(3).toString('hex')}`;
    const ids = CURVES.map((_, i) => `${prefix}-${i}`);
    const publicKeys = new Map<string, string>();
    try {
      for (const [i, id] of ids.entries()) publicKeys.set(id, await keygenOn(main, CURVES[i]!, id));
      const copied = ids.slice(0, 4);
      const left = ids[4]!;

      const m = new MigratePage(page);
      await m.goto('main');
      await expect(m.heading).toHaveText('Migrate keys from site main');
      await m.target.selectOption('failover');
      await m.chosenKeys.check();
      // The filter narrows the list; Enter in it does nothing else.
      await m.filter.fill(prefix);
      await m.filter.press('Enter');
      await expect(m.keyList.getByRole('checkbox')).toHaveCount(5);
      await expect(page.getByRole('region', { name: '2. Review: copy from main to failover' })).toHaveCount(0);
      for (const id of copied) await m.keyList.getByRole('checkbox', { name: new RegExp(`${id} `) }).check();
      await expect(page.getByRole('status', { name: 'Keys chosen' })).toContainText('4 keys chosen');
      await expect(m.copy).toBeChecked();
      await m.batchSize.fill('1');

      await m.review.click();
      await expect(m.plannedCount('copy')).toHaveText('4');
      await expect(m.plannedCount('total')).toHaveText('4');
      await expect(m.planned.getByRole('row')).toHaveCount(5);
      for (const id of copied) await expect(m.planned.getByRole('row', { name: new RegExp(id) })).toContainText('Copy');
      await expect(page.getByRole('heading', { name: '2. Review: copy from main to failover' })).toBeFocused();
      await page.screenshot({ path: testInfo.outputPath('migrate-review.png'), fullPage: true });

      // main's nodes do not whitelist failover's wrapping keys yet: the review says Start would be refused…
      const warned = page.getByRole('alert').filter({ hasText: 'Start would be refused' });
      await expect(warned).toContainText('main node 1 does not have failover node 1', { timeout: 15_000 });
      await expect(warned.getByRole('link', { name: 'Open site main’s export whitelists' })).toBeVisible();
      // …and it is, naming the whitelist; nothing changed.
      await m.start(false, 4, 'failover').click();
      const refused = page.getByRole('alert').filter({ hasText: 'Not started' });
      await expect(refused).toContainText('Not started: main node 1 does not have failover node 1', { timeout: 15_000 });
      await expect(refused).toContainText('on its export whitelist');
      await expect(refused).toContainText('nothing was copied or deleted');
      await expect(refused.getByRole('link', { name: 'Open site main’s export whitelists' })).toBeVisible();
      for (const node of failover.nodes) for (const id of copied) await expect(nodeKey(node, id)).rejects.toMatchObject({ status: 404 });

      // Main node i may export under fail-over node i's wrapping key; Start again runs.
      for (const [i, node] of main.nodes.entries()) await putExportConfig(node, true, [(await wrappingKeyOf(failover.nodes[i]!)).spki]);
      await m.start(false, 4, 'failover').click();
      await expect(m.progressBar).toBeVisible();
      // Caught mid-run, once a batch is done (the rate and time left are known).
      await expect(m.progress).toHaveText(/^(Exporting|Importing|Checking) batch [2-4] of 4/, { timeout: 30_000 });
      await page.screenshot({ path: testInfo.outputPath('migrate-running.png'), fullPage: true });
      await expect(m.progress).toHaveText('Finished: every key is copied or was already there.', { timeout: 90_000 });
      await expect(m.summary).toHaveText('4 keys main → failover: 4 copied, 0 skipped, 0 conflicts, 0 failed');
      await expect(m.progressBar).toHaveAttribute('aria-valuetext', '4 of 4 keys');
      await expect(m.left).toHaveCount(0);
      for (const id of copied) await expect(m.report.getByRole('row', { name: new RegExp(id) })).toContainText('Copied');

      // Every chosen key on all three fail-over nodes with main's public key, and still on main; the fifth on main only.
      for (const node of failover.nodes) {
        for (const id of copied) expect((await nodeKey(node, id)).publicKey, `${id} on failover node ${node.index}`).toBe(publicKeys.get(id));
        await expect(nodeKey(node, left)).rejects.toMatchObject({ status: 404 });
      }
      for (const node of main.nodes)
        for (const id of ids) expect((await nodeKey(node, id)).publicKey, `${id} on main node ${node.index}`).toBe(publicKeys.get(id));

      // Move all five: four are on failover already (checked again, then deleted), one is copied first.
      await m.move.check();
      await expect(m.report).toBeVisible(); // the last run's report stays until the next plan
      await m.filter.fill(prefix);
      await page.getByRole('button', { name: 'Choose the 5 matching' }).click();
      // By keyboard: from the Move radio, Tab to Review and press Enter.
      await m.move.focus();
      await tabTo(page, m.review);
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { name: '2. Review: move from main to failover' })).toBeFocused();
      await expect(m.plannedCount('copy')).toHaveText('1');
      await expect(m.plannedCount('finish-move')).toHaveText('4');
      await expect(m.planned.getByRole('row', { name: new RegExp(left) })).toContainText('Move');
      await expect(m.planned.getByRole('row', { name: new RegExp(copied[0]!) })).toContainText('Finish the move');

      await m.start(true, 5, 'failover').click();
      const dialog = page.getByRole('dialog', { name: 'Delete 5 keys from site main once site failover holds them?' });
      await expect(dialog).toContainText('5 keys will be deleted from site main');
      // Escape first (focus starts on Cancel): nothing happens, and focus is back on Start.
      await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(m.start(true, 5, 'failover')).toBeFocused();
      for (const node of main.nodes) expect((await nodeKey(node, left)).publicKey).toBe(publicKeys.get(left));

      // Confirm, and Stop at once: the run ends after the batch in hand and says running again finishes it.
      await m.start(true, 5, 'failover').click();
      await dialog.getByRole('button', { name: 'Move 5 keys' }).click();
      await m.stop.click();
      await expect(m.progress).toHaveText(/^Stopped: [0-4] of 5 keys reported\. Run again to finish\.$/, { timeout: 90_000 });
      await expect(m.left).toContainText(/The run stopped: stopped (after batch|before the first batch)/);
      await expect(m.left).toContainText('Running it again finishes them');
      await expect(m.report.locator('tr[data-status="not-reached"]').first()).toBeVisible();

      await m.runAgain.click();
      const again = page.getByRole('dialog', { name: /^Delete [1-5] keys? from site main once site failover holds them\?$/ });
      await again.getByRole('button', { name: /^Move [1-5] keys?$/ }).click();
      await expect(m.progress).toHaveText('Finished: every key is moved or was already there.', { timeout: 90_000 });
      await expect(m.left).toHaveCount(0);
      await expect(page.getByRole('heading', { name: '4. Report' })).toBeFocused();
      await page.screenshot({ path: testInfo.outputPath('migrate-report.png'), fullPage: true });

      // Gone from every main node, on every fail-over node with the same public key.
      for (const node of main.nodes) for (const id of ids) await expect(nodeKey(node, id)).rejects.toMatchObject({ status: 404 });
      for (const node of failover.nodes)
        for (const id of ids) expect((await nodeKey(node, id)).publicKey, `${id} on failover node ${node.index}`).toBe(publicKeys.get(id));

      // The CSV: one row per key, moved by this run or already moved by the stopped one.
      const [download] = await Promise.all([page.waitForEvent('download'), m.downloadCsv.click()]);
      expect(download.suggestedFilename()).toMatch(/^migrate-main-to-failover-[0-9T-]+\.csv$/);
      const csv = readFileSync((await download.path())!, 'utf8')
        .trimEnd()
        .split('\r\n');
      expect(csv[0]).toBe('keyId,status,reason,message,site,node,publicKey');
      const rows = csv.slice(1).map((line) => line.split(','));
      expect(rows.map((r) => r[0]).sort()).toEqual([...ids].sort());
      for (const r of rows) {
        if (r[1] === 'moved') expect(r.at(-1), r[0]).toBe(publicKeys.get(r[0]!));
        else expect(r.slice(0, 3), r[0]).toEqual([r[0], 'skipped', 'already-moved']);
      }
      expect(rows.some((r) => r[1] === 'moved')).toBe(true);
    } finally {
      // The worker's cluster is shared by the specs: whitelists back to empty, the keys gone from both sites.
      await resetCluster(cluster, ids);
      for (const node of [...main.nodes, ...failover.nodes])
        for (const id of ids) await expect(nodeApis.keys.get(node, id)).rejects.toMatchObject({ status: 404 });
    }
  });
});
