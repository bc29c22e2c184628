// Page object for /wrapping-keys. Locators by role and label, as an operator finds things.
import type { Locator, Page } from '@playwright/test';

export class WrappingKeysPage {
  readonly labelBox: Locator;
  readonly keySize: Locator;
  readonly generateButton: Locator;
  readonly progress: Locator;
  readonly list: Locator;
  readonly emptyState: Locator;
  readonly deleteDialog: Locator;

  constructor(readonly page: Page) {
    this.labelBox = page.getByRole('textbox', { name: 'Label', exact: true });
    this.keySize = page.getByRole('combobox', { name: 'Key size' });
    this.generateButton = page.getByRole('button', { name: /^Generat(e|ing…)$/ });
    this.progress = page.getByRole('progressbar');
    this.list = page.getByRole('list', { name: 'Wrapping keys' });
    this.emptyState = page.getByText('No wrapping keys in this browser yet.');
    this.deleteDialog = page.getByRole('dialog');
  }

  async goto() {
    return this.page.goto('/wrapping-keys');
  }

  /** The card of the key with this label. */
  key(label: string): Locator {
    return this.list.getByRole('article', { name: label, exact: true });
  }

  /** The value cell of one row of a key's card: "Fingerprint", "Public key (PEM)", "Node config (base64)". */
  field(label: string, row: string): Locator {
    return this.key(label)
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: new RegExp(`^${row.replace(/[()]/g, '\\$&')}`) }) })
      .getByRole('cell')
      .first();
  }

  async generate(label: string, bits: 2048 | 3072 | 4096) {
    await this.labelBox.fill(label);
    await this.keySize.selectOption(String(bits));
    await this.generateButton.click();
  }

  async rename(from: string, to: string) {
    await this.key(from).getByRole('button', { name: `Rename ${from}` }).click();
    const box = this.page.getByRole('textbox', { name: `New label for ${from}` });
    await box.fill(to);
    await box.press('Enter');
  }

  async openDelete(label: string) {
    await this.key(label).getByRole('button', { name: `Delete ${label}` }).click();
  }
}
