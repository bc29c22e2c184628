// Page object for the fail-over pairing wizard (/pairing): the five steps, the plan
// picture's pairs and the per-node changes, the canary and the key sync.
import type { Locator, Page } from '@playwright/test';

export class PairingPage {
  readonly heading: Locator;
  readonly mainSite: Locator;
  readonly failoverSite: Locator;
  readonly checks: Locator;
  readonly pinStop: Locator;
  readonly applyButton: Locator;
  readonly applySummary: Locator;
  readonly canaryButton: Locator;
  readonly canaryResult: Locator;
  readonly syncSummary: Locator;
  readonly missingKeys: Locator;
  readonly conflicts: Locator;
  readonly selectAll: Locator;
  readonly selectNone: Locator;
  readonly copyButton: Locator;
  readonly syncProgress: Locator;
  readonly copyOutcomes: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.mainSite = page.getByLabel('Main site');
    this.failoverSite = page.getByLabel('Fail-over site');
    this.checks = page.getByRole('list', { name: 'Checks before pairing' });
    this.pinStop = page.getByTestId('pin-stop');
    this.applyButton = page.getByRole('button', { name: 'Apply the plan' });
    this.applySummary = page.getByTestId('apply-summary');
    this.canaryButton = page.getByRole('button', { name: /^Run the canary/ });
    this.canaryResult = page.getByTestId('canary-result');
    this.syncSummary = page.getByTestId('sync-summary');
    this.missingKeys = page.getByRole('list', { name: 'Missing keys' });
    this.conflicts = page.getByRole('region', { name: 'Key conflicts' });
    this.selectAll = page.getByRole('button', { name: 'Select all' });
    this.selectNone = page.getByRole('button', { name: 'Select none' });
    this.copyButton = page.getByRole('button', { name: /^Copy \d+ keys? to the fail-over site$/ });
    this.syncProgress = page.getByTestId('sync-progress');
    this.copyOutcomes = page.getByRole('list', { name: 'Copy outcome per key' });
  }

  async choose(main: string, failover: string) {
    await this.mainSite.selectOption(main);
    await this.failoverSite.selectOption(failover);
  }

  check(id: 'reachable' | 'shape' | 'admin'): Locator {
    return this.checks.locator(`> li[data-check="${id}"]`);
  }

  pin(site: string, index: number): Locator {
    return this.page.getByLabel(`Pin for ${site} node ${index}`);
  }

  /** The picture of one direction, e.g. ("main", "failover"). */
  picture(from: string, to: string): Locator {
    return this.page.locator(`figure[data-direction="${from}->${to}"]`);
  }

  pair(from: string, to: string, index: number): Locator {
    return this.picture(from, to).locator(`g[data-pair="${index}"]`);
  }

  nodeChange(site: string, index: number): Locator {
    return this.page.locator(`li.pair-node-change[data-node="${site}/${index}"]`);
  }

  missingKey(keyId: string): Locator {
    return this.missingKeys.locator(`li[data-key="${keyId}"]`).getByRole('checkbox');
  }

  outcome(keyId: string): Locator {
    return this.copyOutcomes.locator(`li[data-key="${keyId}"]`);
  }
}
