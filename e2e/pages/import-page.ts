// Page object for the import wizard (/sites/$site/import).
import type { Locator, Page } from '@playwright/test';

export class ImportPage {
  readonly heading: Locator;
  readonly keyBox: Locator;
  readonly detected: Locator;
  readonly refused: Locator;
  readonly splitButton: Locator;
  readonly prepared: Locator;
  readonly keyId: Locator;
  readonly importButton: Locator;
  readonly progress: Locator;
  readonly verdict: Locator;
  readonly bundleFiles: Locator;
  readonly bundleError: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.keyBox = page.getByRole('textbox', { name: 'Private key' });
    this.detected = page.getByTestId('detected-key');
    this.refused = page.getByTestId('key-refused');
    this.splitButton = page.getByRole('button', { name: /^Split and wrap for \d+ nodes$/ });
    this.prepared = page.getByTestId('prepared');
    this.keyId = page.getByRole('textbox', { name: 'Key ID' });
    this.importButton = page.getByRole('button', { name: /^Import into the \d+ nodes of / });
    this.progress = page.getByRole('table', { name: 'Import session progress' });
    this.verdict = page.getByTestId('import-verdict');
    this.bundleFiles = page.getByLabel('Bundle file, or every per-share file of one bundle');
    this.bundleError = page.getByTestId('bundle-error');
  }

  async goto(site: string) {
    await this.page.goto(`/sites/${site}/import`);
    await this.heading.waitFor();
  }

  pin(index: number): Locator {
    return this.page.getByRole('textbox', { name: `Expected fingerprint of node ${index}` });
  }

  nodeFingerprint(index: number): Locator {
    return this.page.getByTestId(`node-${index}-fingerprint`);
  }
}
