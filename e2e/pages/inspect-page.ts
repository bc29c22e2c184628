// Page object for /inspect. Locators by role and label, as an operator finds things.
import type { Locator, Page } from '@playwright/test';
import { tabTo } from '../keyboard.ts';

export class InspectPage {
  readonly keyBox: Locator;
  readonly keyFile: Locator;
  readonly curve: Locator;
  readonly inspectButton: Locator;
  readonly report: Locator;
  readonly error: Locator;
  readonly triedList: Locator;

  constructor(readonly page: Page) {
    this.keyBox = page.getByRole('textbox', { name: 'Key', exact: true });
    this.keyFile = page.getByLabel('Or load a key file');
    this.curve = page.getByRole('combobox', { name: 'Curve' });
    this.inspectButton = page.getByRole('button', { name: 'Inspect', exact: true });
    this.report = page.getByRole('region', { name: 'Report' });
    this.error = page.getByRole('alert').filter({ hasText: 'Could not inspect this key' });
    this.triedList = this.error.getByRole('list', { name: 'Formats tried' });
  }

  async goto() {
    return this.page.goto('/inspect');
  }

  /** The value cell of one report row, by the row's label: "Fingerprint", "Curve", "Modulus", … */
  field(label: string): Locator {
    return this.report
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: label, exact: true }) })
      .getByRole('cell')
      .first();
  }

  copyButton(label: string): Locator {
    return this.report.getByRole('button', { name: `Copy ${label.charAt(0).toLowerCase()}${label.slice(1)}`, exact: true });
  }

  /** Drop a file onto the key box, as dragging it from a file manager does. */
  async dropFile(name: string, content: string) {
    const dataTransfer = await this.page.evaluateHandle(
      ({ name, content }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([content], name, { type: 'application/octet-stream' }));
        return transfer;
      },
      { name, content },
    );
    for (const type of ['dragenter', 'dragover', 'drop']) {
      await this.keyBox.dispatchEvent(type, { dataTransfer });
    }
    await dataTransfer.dispose();
  }

  async inspect(key: string) {
    await this.keyBox.fill(key);
    await this.inspectButton.click();
  }

  /** Reach the key box the way a keyboard user does: Tab from the top of the page. */
  async tabToKeyBox(maxTabs = 15) {
    await tabTo(this.page, this.keyBox, maxTabs);
  }

  async inspectWithShortcut() {
    await this.page.keyboard.press('Control+Enter');
  }
}
