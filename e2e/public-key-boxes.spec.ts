// The BYOK page's wrapping-key box takes the KMS's PUBLIC key: a private key pasted or
// dropped there is refused with a sentence and never stays on screen (the whitelist editor
// and the export's pasted target keys are checked in their own specs).
import { generateKeyPairSync } from 'node:crypto';
import { expect, test } from './fixtures.ts';

test('the BYOK wrapping-key box refuses a pasted or dropped private key and is cleared at once', async ({ page }) => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await page.goto('/byok');
  await page.getByLabel('KMS', { exact: true }).selectOption('vault');
  const box = page.getByRole('textbox', { name: 'HashiCorp Vault / OpenBao transit wrapping key' });

  await box.fill(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  await expect(page.getByTestId('private-key-refused')).toHaveText(/^The pasted text is a PEM private key \(PRIVATE KEY\), and this box takes a public key only, so it was cleared at once\./);
  await expect(box).toHaveValue('');
  await expect(page.getByText('-----BEGIN PRIVATE KEY-----')).toHaveCount(0);

  // The same key as a binary PKCS#1 file: refused, not loaded.
  await page.getByLabel('Or load a key file').first().setInputFiles({ name: 'kms.der', mimeType: 'application/octet-stream', buffer: privateKey.export({ type: 'pkcs1', format: 'der' }) });
  await expect(page.getByRole('alert').filter({ hasText: 'File "kms.der" is a PKCS#1 RSA private key (DER)' })).toBeVisible();
  await expect(page.getByText('Loaded kms.der')).toHaveCount(0);
  await expect(box).toHaveValue('');
});
