// Page object for the dashboard (/): sites, their nodes, warnings, and adding a site.
import type { Locator, Page } from '@playwright/test';

export class DashboardPage {
  readonly heading: Locator;
  readonly emptyState: Locator;
  readonly profileFile: Locator;
  readonly profileText: Locator;
  readonly addSiteButton: Locator;
  readonly importError: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.emptyState = page.getByText('No sites connected');
    this.profileFile = page.getByLabel('Import a site profile file');
    this.profileText = page.getByRole('textbox', { name: 'Or paste a site profile (JSON)' });
    this.addSiteButton = page.getByRole('button', { name: 'Add site', exact: true });
    this.importError = page.getByRole('alert');
  }

  async goto() {
    return this.page.goto('/');
  }

  site(name: string): Locator {
    return this.page.getByRole('region', { name: `Site ${name}`, exact: true });
  }

  warnings(name: string): Locator {
    return this.site(name).getByRole('status', { name: `Warnings for ${name}` });
  }

  /** "Live", or which nodes it is reconnecting to. */
  liveIndicator(name: string): Locator {
    return this.site(name).getByRole('status', { name: `Updates for ${name}` });
  }

  node(site: string, index: number): Locator {
    return this.site(site)
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: new RegExp(`^Node ${index}\\b`) }) });
  }

  /** A node's cell under one column: "Status", "Version", "n/t", "Wrapping key", … */
  async cell(site: string, index: number, column: string): Promise<Locator> {
    const headers = await this.site(site).getByRole('columnheader').allTextContents();
    const at = headers.indexOf(column);
    if (at < 1) throw new Error(`no column "${column}" (have ${headers.join(', ')})`);
    return this.node(site, index).getByRole('cell').nth(at - 1);
  }

  async importFile(path: string) {
    await this.profileFile.setInputFiles(path);
  }

  async disconnect(site: string) {
    await this.site(site).getByRole('button', { name: `Disconnect ${site}` }).click();
  }
}
