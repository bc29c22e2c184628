// Browser wrapping keys: generated in a Web Worker under the console's CSP, kept in
// IndexedDB with a non-extractable private key; the public key shown must agree with
// node:crypto (an independent implementation) on PEM, DER and fingerprint.
import { createHash, createPublicKey } from 'node:crypto';
import { expect, test } from './fixtures.ts';
import { WrappingKeysPage } from './pages/wrapping-keys-page.ts';

test.describe('browser wrapping keys', () => {
  test('generate, survive a reload, stay non-extractable, rename and delete', async ({ page }, testInfo) => {
    const keys = new WrappingKeysPage(page);
    await keys.goto();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Browser wrapping keys');
    await expect(page).toHaveTitle('Wrapping keys · Keyferry');
    await expect(keys.emptyState).toBeVisible();

    await keys.generate('ops laptop', 2048);
    await expect(page.getByRole('status').filter({ hasText: 'Generated “ops laptop”' })).toBeVisible({ timeout: 20_000 });
    await expect(keys.key('ops laptop')).toBeVisible();
    await expect(page).toHaveURL(/\/wrapping-keys$/); // nothing about the key in the URL

    const shownFingerprint = (await keys.field('ops laptop', 'Fingerprint').textContent()) ?? '';
    expect(shownFingerprint).toMatch(/^[0-9a-f]{64}$/);
    await expect(keys.key('ops laptop')).toContainText('2048 bits');

    const pem = (await keys.field('ops laptop', 'Public key (PEM)').textContent()) ?? '';
    const publicKey = createPublicKey(pem);
    expect(publicKey.asymmetricKeyType).toBe('rsa');
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const der = publicKey.export({ type: 'spki', format: 'der' });
    expect(createHash('sha256').update(der).digest('hex')).toBe(shownFingerprint);
    await expect(keys.field('ops laptop', 'Node config (base64)')).toHaveText(der.toString('base64'));

    // A second key, to see the list newest first.
    await keys.generate('site B intake', 2048);
    await expect(keys.key('site B intake')).toBeVisible({ timeout: 20_000 });
    await expect(keys.list.getByRole('heading', { level: 3 })).toHaveText(['site B intake', 'ops laptop']);

    const screenshot = testInfo.outputPath('wrapping-keys-list.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach('list', { path: screenshot, contentType: 'image/png' });

    await page.reload();
    await expect(keys.field('ops laptop', 'Fingerprint')).toHaveText(shownFingerprint);

    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('keyferry');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const records = await new Promise<Array<{ label: string; privateKey: CryptoKey; spki: Uint8Array }>>((resolve, reject) => {
        const req = db.transaction('wrapping-keys').objectStore('wrapping-keys').getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      db.close();
      const record = records.find((r) => r.label === 'ops laptop');
      if (record === undefined) throw new Error('record not found');
      const exportError = await crypto.subtle.exportKey('pkcs8', record.privateKey).then(
        () => null,
        (error: unknown) => (error instanceof Error ? error.name : String(error)),
      );
      return {
        isCryptoKey: record.privateKey instanceof CryptoKey,
        extractable: record.privateKey.extractable,
        algorithm: record.privateKey.algorithm.name,
        exportError,
        spkiIsBytes: record.spki instanceof Uint8Array,
      };
    });
    expect(stored).toEqual({ isCryptoKey: true, extractable: false, algorithm: 'RSA-OAEP', exportError: 'InvalidAccessError', spkiIsBytes: true });

    // Nothing about keys in localStorage or sessionStorage (other pages may keep their own state there).
    const webStorage = await page.evaluate(() =>
      [localStorage, sessionStorage].flatMap((storage) => Object.keys(storage).map((k) => `${k}=${storage.getItem(k) ?? ''}`)).join('\n'),
    );
    expect(webStorage).not.toContain('ops laptop');
    expect(webStorage).not.toContain(shownFingerprint);
    expect(webStorage).not.toContain('MIIB');

    // Rename: Escape cancels, Enter saves.
    await keys.key('ops laptop').getByRole('button', { name: 'Rename ops laptop' }).click();
    await page.getByRole('textbox', { name: 'New label for ops laptop' }).fill('something else');
    await page.keyboard.press('Escape');
    await expect(keys.key('ops laptop')).toBeVisible();
    await keys.rename('ops laptop', 'ops laptop 2');
    await expect(keys.key('ops laptop 2')).toBeVisible();
    await expect(keys.field('ops laptop 2', 'Fingerprint')).toHaveText(shownFingerprint);
    await expect(keys.key('ops laptop 2').getByRole('button', { name: 'Rename ops laptop 2' })).toBeFocused();

    // Delete: the dialog names the key; Escape cancels and focus returns; confirm deletes.
    await keys.openDelete('ops laptop 2');
    await expect(keys.deleteDialog).toBeVisible();
    await expect(keys.deleteDialog).toHaveAccessibleName('Delete wrapping key “ops laptop 2”?');
    await expect(keys.deleteDialog).toContainText(shownFingerprint.slice(0, 16));
    await expect(keys.deleteDialog).toContainText('cannot be recovered');
    await expect(keys.deleteDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(keys.deleteDialog).toBeHidden();
    await expect(keys.key('ops laptop 2').getByRole('button', { name: 'Delete ops laptop 2' })).toBeFocused();

    await page.keyboard.press('Enter'); // reopen from the keyboard
    await keys.deleteDialog.getByRole('button', { name: 'Delete key' }).click();
    await expect(keys.deleteDialog).toBeHidden();
    await expect(keys.key('ops laptop 2')).toHaveCount(0);
    await expect(keys.key('site B intake')).toBeVisible();
    await page.reload();
    await expect(keys.key('site B intake')).toBeVisible();
    await expect(keys.key('ops laptop 2')).toHaveCount(0);
  });

  test('an invalid label shows why and disables Generate', async ({ page }) => {
    const keys = new WrappingKeysPage(page);
    await keys.goto();
    await expect(keys.generateButton).toBeDisabled();
    await keys.labelBox.fill('x'.repeat(65));
    await expect(keys.labelBox).toHaveAttribute('aria-invalid', 'true');
    await expect(keys.labelBox).toHaveAccessibleDescription(/The label is 65 characters long; use at most 64\./);
    await expect(keys.generateButton).toBeDisabled();
    await keys.labelBox.fill('   ');
    await expect(keys.labelBox).toHaveAccessibleDescription(/Enter a label/);
    await expect(keys.generateButton).toBeDisabled();
    await keys.labelBox.fill('ok');
    await expect(keys.generateButton).toBeEnabled();
  });

  test('shows progress while generating and the downloads carry the public key', async ({ page }) => {
    const keys = new WrappingKeysPage(page);
    await keys.goto();
    await keys.generate('download me', 2048);
    await expect(keys.progress).toBeVisible();
    await expect(keys.key('download me')).toBeVisible({ timeout: 20_000 });
    await expect(keys.progress).toHaveCount(0);

    const downloadPromise = page.waitForEvent('download');
    await keys.key('download me').getByRole('button', { name: 'Download download-me.pub.pem' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe('download-me.pub.pem');
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const pem = readFileSync(path, 'utf8');
    await expect(keys.field('download me', 'Public key (PEM)')).toHaveText(pem);
  });

  test('says in words when this browser has no key storage', async ({ page }) => {
    await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
    const keys = new WrappingKeysPage(page);
    await keys.goto();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText("Could not open this browser's key storage");
    await expect(alert).toContainText('This browser has no IndexedDB, so it cannot keep wrapping keys.');
    await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
  });
});
