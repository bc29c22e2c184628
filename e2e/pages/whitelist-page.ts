// Page objects for the export-whitelist manager: one node's page and the site-wide matrix.
import type { Locator, Page } from '@playwright/test';

export class NodeWhitelistPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly keyBox: Locator;
  readonly keyFile: Locator;
  readonly candidateCheck: Locator;
  readonly addButton: Locator;
  readonly applyButton: Locator;
  readonly discardButton: Locator;
  readonly tomlPreview: Locator;
  readonly yourChange: Locator;
  readonly outcome: Locator;
  readonly history: Locator;
  readonly exportToggle: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.table = page.getByRole('table', { name: 'Whitelisted keys' });
    this.keyBox = page.getByRole('textbox', { name: 'RSA public key' });
    this.keyFile = page.getByLabel('Or load a key file');
    this.candidateCheck = page.getByTestId('candidate-check');
    this.addButton = page.getByRole('button', { name: 'Add to draft' });
    this.applyButton = page.getByRole('button', { name: /^Apply to node \d+$/ });
    this.discardButton = page.getByRole('button', { name: 'Discard changes' });
    this.tomlPreview = page.getByTestId('toml-preview');
    this.yourChange = page.getByRole('list', { name: 'Your change' });
    this.outcome = page.getByTestId('apply-outcome');
    this.history = page.getByTestId('whitelist-history');
    this.exportToggle = page.getByRole('checkbox', { name: /^Allow export from node \d+/ });
    this.dialog = page.getByRole('dialog');
  }

  async goto(site: string, index: number) {
    await this.page.goto(`/sites/${site}/nodes/${index}/whitelist`);
    await this.table.or(this.page.getByTestId('whitelist-empty')).waitFor();
  }

  mode(name: 'Paste or load a file' | 'A node’s wrapping key' | 'A browser wrapping key'): Locator {
    return this.page.getByRole('radio', { name });
  }

  picker(what: 'node wrapping key' | 'browser wrapping key'): Locator {
    return this.page.getByRole('combobox', { name: `Choose a ${what}` });
  }

  row(fingerprint: string): Locator {
    return this.table.locator(`tr[data-fingerprint="${fingerprint}"]`);
  }
}

export class SiteMatrixPage {
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: /^Whitelist matrix of site / });
  }

  async goto(site: string) {
    await this.page.goto(`/sites/${site}/whitelist`);
    await this.table.waitFor();
  }

  /** The cells of a key's row, one per node, in node order. */
  cells(fingerprint: string): Locator {
    return this.table.locator(`tr[data-fingerprint="${fingerprint}"] td[data-cell]`);
  }
}
