// The console's bulk import against a real cluster: a JSONL manifest of 300 keys that
// node:crypto made (secp256k1 as hex, one with a chain code, P-256 and Ed25519 as PKCS#8
// PEM, P-384 as SEC1 PEM), with one line that is not JSON and one key ID the site already
// holds for another key, is given to the page's file input. The page counts the keys,
// imports them with live progress, reports the two failures first with their sentences and
// downloads the report as CSV; the nodes' own API then shows every good key on all three
// nodes with node:crypto's public key. The same manifest dropped on the page (a synthetic
// drop carrying a DataTransfer) and run again skips every key already there.
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { keygenOn, nodeApis, siteOf } from './node-api.ts';

const KEYS = 300;

class BulkImportPage {
  readonly heading: Locator;
  readonly fileInput: Locator;
  readonly dropzone: Locator;
  readonly found: Locator;
  readonly start: Locator;
  readonly runAgain: Locator;
  readonly progress: Locator;
  readonly progressBar: Locator;
  readonly report: Locator;
  readonly downloadCsv: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.fileInput = page.getByLabel('Key files or a .jsonl manifest');
    this.dropzone = page.getByTestId('bulk-dropzone');
    this.found = page.getByRole('status', { name: 'Keys found' });
    this.start = page.getByRole('button', { name: 'Start' });
    this.runAgain = page.getByRole('button', { name: 'Run again' });
    this.progress = page.getByRole('status', { name: 'Import progress' });
    this.progressBar = page.getByRole('progressbar', { name: 'Keys reported' });
    this.report = page.getByRole('table', { name: 'Bulk import report' });
    this.downloadCsv = page.getByRole('button', { name: 'Download report (CSV)' });
  }

  async goto(site: string) {
    await this.page.goto(`/sites/${site}/bulk-import`);
    await this.heading.waitFor();
  }

  count(what: 'done' | 'skipped' | 'failed' | 'total'): Locator {
    return this.page.getByTestId(`bulk-${what}`);
  }

  /** A drop as the browser makes it: a DataTransfer holding the file, on the drop zone. */
  async drop(name: string, text: string) {
    const data = await this.page.evaluateHandle(
      ({ name, text }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], name, { type: 'application/jsonl' }));
        return transfer;
      },
      { name, text },
    );
    await this.dropzone.dispatchEvent('dragover', { dataTransfer: data });
    await this.dropzone.dispatchEvent('drop', { dataTransfer: data });
  }
}

const spkiOf = (key: KeyObject) => key.export({ type: 'spki', format: 'der' }).toString('base64');
const hexScalar = (key: KeyObject) => Buffer.from(key.export({ format: 'jwk' }).d!, 'base64url').toString('hex');

/** The manifest's keys: keyId → the line's key text and node:crypto's public key. */
function makeKeys(prefix: string): Array<{ keyId: string; line: string; spki: string }> {
  return Array.from({ length: KEYS }, (_, i) => {
    const keyId = `${prefix}-${String(i).padStart(3, '0')}`;
    const kind = i % 4;
    const pair =
      kind === 0 ? generateKeyPairSync('ec', { namedCurve: 'secp256k1' }) : kind === 1 ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : kind === 2 ? generateKeyPairSync('ec', { namedCurve: 'secp384r1' }) : generateKeyPairSync('ed25519');
    const key =
      kind === 0
        ? hexScalar(pair.privateKey)
        : kind === 2
          ? pair.privateKey.export({ type: 'sec1', format: 'pem' }).toString()
          : pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const entry: Record<string, string> = { keyId, key };
    if (i === 4) entry.chainCode = randomBytes(32).toString('hex');
    return { keyId, line: JSON.stringify(entry), spki: spkiOf(pair.publicKey) };
  });
}

test.describe('bulk import', () => {
  test('300 keys from a dropped JSONL manifest: progress, failures first, CSV report, every good key on every node; a re-run skips them', async ({ page, cluster }, testInfo) => {
    test.setTimeout(180_000);
    const main = siteOf(cluster, 'main');
    const prefix = `e2e-bulk-${randomBytes(3).toString('hex')}`;
    const keys = makeKeys(prefix);
    // Key ID 7 is taken on the site by a key the nodes generated: the manifest's key 7 is another key.
    const conflict = keys[7]!;
    await keygenOn(main, 'secp256k1', conflict.keyId);
    const good = keys.filter((k) => k !== conflict);
    // Line 101 is broken JSON; the keys around it are unaffected.
    const lines = [...keys.slice(0, 100).map((k) => k.line), `{"keyId": "${prefix}-broken", "key": `, ...keys.slice(100).map((k) => k.line)];
    const manifest = `${lines.join('\n')}\n`;
    const file = testInfo.outputPath('keys.jsonl');
    writeFileSync(file, manifest);

    try {
      const bulk = new BulkImportPage(page);
      await bulk.goto('main');
      await expect(bulk.heading).toHaveText('Bulk import into site main');

      await bulk.fileInput.setInputFiles(file);
      await expect(bulk.found).toHaveText(`keys.jsonl: ${KEYS} keys found, 1 entry that cannot be imported (listed in the report).`);
      // The broken line is named before anything runs.
      await expect(bulk.report.getByRole('row').nth(1)).toContainText('keys.jsonl:101: not valid JSON');

      await bulk.start.click();
      await expect(bulk.progressBar).toBeVisible();
      await expect(bulk.progress).toHaveText('Finished with 2 failed; see the report.', { timeout: 120_000 });
      await expect(bulk.count('done')).toHaveText(String(KEYS - 1));
      await expect(bulk.count('skipped')).toHaveText('0');
      await expect(bulk.count('failed')).toHaveText('2');
      await expect(bulk.count('total')).toHaveText(String(KEYS + 1));
      await expect(bulk.progressBar).toHaveAttribute('aria-valuetext', `${KEYS + 1} of ${KEYS + 1} keys`);
      await page.screenshot({ path: testInfo.outputPath('bulk-import-finished.png') });

      // Failed first, each with its sentence: the broken line, then the key ID held for another key.
      const rows = bulk.report.getByRole('row');
      await expect(rows.nth(1)).toContainText('keys.jsonl:101');
      await expect(rows.nth(1)).toContainText('Failed');
      await expect(rows.nth(2)).toContainText(conflict.keyId);
      await expect(rows.nth(2)).toContainText(`keys.jsonl:8: key ID ${conflict.keyId} is held on site main (nodes 1, 2, 3) for another key`);
      await expect(rows.nth(3)).toContainText('Done');
      // Below the failures, the first 100 done keys; the download has every line.
      await expect(bulk.report.locator('tr[data-status="done"]')).toHaveCount(100);
      await expect(page.getByTestId('bulk-report-more')).toHaveText(`Shown: every failed key and the first 100 of ${KEYS - 1} done or skipped. The downloaded report has every line.`);

      const [download] = await Promise.all([page.waitForEvent('download'), bulk.downloadCsv.click()]);
      expect(download.suggestedFilename()).toMatch(/^bulk-import-main-[0-9T-]+\.csv$/);
      const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
      expect(csv[0]).toBe('keyId,source,status,reason,message,publicKey');
      expect(csv[1]).toMatch(new RegExp(`^${prefix}-broken,keys\\.jsonl:101,failed,bad-line,"keys\\.jsonl:101: not valid JSON`));
      expect(csv[2]).toMatch(new RegExp(`^${conflict.keyId},keys\\.jsonl:8,failed,conflict,`));
      const doneRows = csv.filter((row) => row.includes(',done,'));
      expect(doneRows).toHaveLength(KEYS - 1);
      // Key j is on line j + 1, or j + 2 after the broken line 101.
      const lineOf = (j: number) => (j < 100 ? j + 1 : j + 2);
      for (const k of good) expect(doneRows).toContain(`${k.keyId},keys.jsonl:${lineOf(keys.indexOf(k))},done,,,${k.spki}`);

      // Every good key on every node, with node:crypto's public key; the conflicting ID still holds the site's own key.
      for (const node of main.nodes) {
        const held = new Map((await nodeApis.keys.list(node)).map((k) => [k.keyId, k.publicKey]));
        for (const k of good) expect(held.get(k.keyId), `${k.keyId} on node ${node.index}`).toBe(k.spki);
        expect(held.get(conflict.keyId), `${conflict.keyId} on node ${node.index}`).not.toBe(conflict.spki);
      }

      // The same manifest dropped on the page and run again: nothing is imported twice.
      await bulk.drop('keys.jsonl', manifest);
      await expect(bulk.found).toHaveText(`keys.jsonl: ${KEYS} keys found, 1 entry that cannot be imported (listed in the report).`);
      await bulk.start.click();
      await expect(bulk.progress).toHaveText('Finished with 2 failed; see the report.', { timeout: 60_000 });
      await expect(bulk.count('done')).toHaveText('0');
      await expect(bulk.count('skipped')).toHaveText(String(KEYS - 1));
      await expect(bulk.count('failed')).toHaveText('2');
      await expect(bulk.runAgain).toBeEnabled();
    } finally {
      // The worker's cluster is shared by the specs: take the keys away again.
      for (const node of main.nodes) {
        const ids = keys.map((k) => k.keyId);
        for (let i = 0; i < ids.length; i += 25) await Promise.all(ids.slice(i, i + 25).map((id) => nodeApis.keys.delete(node, id).catch(() => undefined)));
      }
    }
  });
});
