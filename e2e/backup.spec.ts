// The backup page against the real local cluster: back up two keys (one downloaded file
// with every node's record of each), archive one (downloaded, confirmed by count, then gone
// from every node), and restore it from the file (back on every node, same public key).
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { keygenOn, nodeApis, nodeKey, siteOf } from './node-api.ts';

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; path: string; json: any }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), path, json: JSON.parse(readFileSync(path, 'utf8')) };
}

test.describe('backup page', () => {
  test('backs up two keys, archives one, restores it from the file', async ({ page, cluster }) => {
    test.setTimeout(90_000);
    const main = siteOf(cluster, 'main');
    const stamp = Date.now().toString(36);
    const ids = [`bk-a-${stamp}`, `bk-b-${stamp}`];
    const publicKeys = [await keygenOn(main, 'secp256k1', ids[0]!), await keygenOn(main, 'P-256', ids[1]!)];
    try {
      await page.goto('/sites/main/backup');
      await expect(page.getByRole('heading', { name: 'Back up and restore site main' })).toBeVisible();
      const list = page.getByRole('list', { name: 'Keys of site main' });
      for (const id of ids) await list.getByRole('checkbox', { name: new RegExp(id) }).check();

      const backup = await download(page, () => page.getByRole('button', { name: 'Back up 2 keys' }).click());
      expect(backup.name).toMatch(/^keyferry-backup-main-.*\.json$/);
      expect(backup.json).toMatchObject({ format: 'keyferry-raw-set/1', site: 'main' });
      expect(backup.json.records.map((r: { keyId: string; index: number }) => `${r.keyId} ${r.index}`).sort()).toEqual(ids.flatMap((id) => [1, 2, 3].map((i) => `${id} ${i}`)).sort());
      await expect(page.getByRole('heading', { name: 'Backup: 2 of 2 keys good' })).toBeFocused();

      // Archive the first one only: the confirmation names the count, and nothing is deleted before it.
      await list.getByRole('checkbox', { name: new RegExp(ids[1]!) }).uncheck();
      const archived = await download(page, () => page.getByRole('button', { name: 'Archive 1 key' }).click());
      expect(archived.json.records.map((r: { keyId: string }) => r.keyId)).toEqual([ids[0], ids[0], ids[0]]);
      const dialog = page.getByRole('dialog', { name: 'Delete 1 key from every node?' });
      await expect(dialog).toContainText(`downloaded as ${archived.name}`);
      for (const node of main.nodes) expect((await nodeKey(node, ids[0]!)).publicKey).toBe(publicKeys[0]);
      await dialog.getByRole('checkbox').check();
      await dialog.getByRole('button', { name: 'Delete 1 key' }).click();
      await expect(page.getByRole('heading', { name: 'Archive: 1 of 1 key good' })).toBeFocused();
      await expect(page.getByRole('row', { name: new RegExp(ids[0]!) })).toContainText('archived: deleted from nodes 1, 2, 3');
      for (const node of main.nodes) await expect(nodeKey(node, ids[0]!)).rejects.toMatchObject({ status: 404 });
      for (const node of main.nodes) expect((await nodeKey(node, ids[1]!)).publicKey).toBe(publicKeys[1]);

      // Restore it from the archive's file, with the keyboard's file chooser (the labelled input).
      await page.getByLabel('Restore from a backup file').setInputFiles(archived.path);
      await expect(page.getByRole('heading', { name: /^Restore from .*: 1 of 1 key good$/ })).toBeFocused();
      await expect(page.getByRole('row', { name: new RegExp(ids[0]!) })).toContainText('node 1 restored, node 2 restored, node 3 restored; checked on every node');
      for (const node of main.nodes) expect((await nodeKey(node, ids[0]!)).publicKey).toBe(publicKeys[0]);

      // The same file again: already present everywhere (a plain key may be restored any number of times).
      await page.getByLabel('Restore from a backup file').setInputFiles(archived.path);
      await expect(page.getByRole('row', { name: new RegExp(ids[0]!) })).toContainText('node 1 already-present, node 2 already-present, node 3 already-present');
    } finally {
      for (const id of ids) for (const node of main.nodes) await nodeApis.keys.delete(node, id).catch(() => undefined);
    }
  });
});
