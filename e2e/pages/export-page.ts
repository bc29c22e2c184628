// Page objects for /sites/$site/keys and /sites/$site/keys/$keyId/export. Locators by role
// and label, as an operator finds things.
import type { Locator, Page } from '@playwright/test';

export class SiteKeysPage {
  readonly heading: Locator;
  readonly table: Locator;

  constructor(readonly page: Page, readonly site: string) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.table = page.getByRole('table', { name: `Keys of site ${site}` });
  }

  async goto() {
    return this.page.goto(`/sites/${this.site}/keys`);
  }

  row(keyId: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: keyId, exact: true }) });
  }

  /** The warning line under a key's row (missing on a node, node unreadable, nodes disagree). */
  warnings(keyId: string): Locator {
    return this.table.getByRole('row', { name: new RegExp(`^Key ${keyId.replace(/[-]/g, '\\-')}: `) });
  }

  async openExport(keyId: string) {
    await this.row(keyId).getByRole('link', { name: `Export ${keyId}` }).click();
  }
}

export class ExportPage {
  readonly heading: Locator;
  readonly toSite: Locator;
  readonly toBrowser: Locator;
  readonly receivingSite: Locator;
  readonly browserKey: Locator;
  readonly precheckSummary: Locator;
  readonly precheckTable: Locator;
  readonly runSummary: Locator;
  readonly runFailure: Locator;
  readonly startAnyway: Locator;
  readonly reveal: Locator;
  readonly dialog: Locator;
  readonly verified: Locator;
  readonly forget: Locator;
  readonly downloadBundle: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.toSite = page.getByRole('radio', { name: 'Another site (bundle)' });
    this.toBrowser = page.getByRole('radio', { name: 'This browser (the whole private key)' });
    this.receivingSite = page.getByRole('combobox', { name: 'Receiving site' });
    this.browserKey = page.getByRole('combobox', { name: 'Browser wrapping key' });
    this.precheckSummary = page.getByTestId('precheck-summary');
    this.precheckTable = page.getByRole('table', { name: 'Whitelist check per node' });
    this.runSummary = page.getByTestId('run-summary');
    this.runFailure = page.getByTestId('run-failure');
    this.startAnyway = page.getByRole('button', { name: /^Start anyway/ });
    this.reveal = page.getByRole('button', { name: 'Unwrap and show the private key…' });
    this.dialog = page.getByRole('dialog');
    this.verified = page.getByTestId('recovered-verified');
    this.forget = page.getByRole('button', { name: 'Forget' });
    this.downloadBundle = page.getByRole('button', { name: 'Download the bundle' });
  }

  async goto(site: string, keyId: string) {
    return this.page.goto(`/sites/${site}/keys/${keyId}/export`);
  }

  start(to: string): Locator {
    return this.page.getByRole('button', { name: `Start the export to ${to}` });
  }

  /** Confirm the dialog: tick the acknowledgement, then confirm. */
  async confirmReveal() {
    await this.reveal.click();
    await this.dialog.getByRole('checkbox').check();
    await this.dialog.getByRole('button', { name: 'Unwrap and show' }).click();
  }

  format(label: string): Locator {
    return this.page.getByRole('radio', { name: label, exact: true });
  }

  privateKeyText(label: string): Locator {
    return this.page.getByRole('textbox', { name: `Private key (${label})` });
  }
}
