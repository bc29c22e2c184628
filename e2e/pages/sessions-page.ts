// Page objects for the session cockpit: the list (/sessions) and one session (/sessions/$id).
import type { Locator, Page } from '@playwright/test';

export class SessionsPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly summary: Locator;
  readonly siteFilter: Locator;
  readonly kindFilter: Locator;
  readonly stateFilter: Locator;
  readonly keyFilter: Locator;
  readonly nodeProblems: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.table = page.getByRole('table', { name: 'Sessions' });
    this.summary = page.getByRole('status', { name: 'Sessions summary' });
    this.siteFilter = page.getByRole('combobox', { name: 'Site' });
    this.kindFilter = page.getByRole('combobox', { name: 'Kind' });
    this.stateFilter = page.getByRole('combobox', { name: 'State' });
    this.keyFilter = page.getByRole('searchbox', { name: 'Key ID contains' });
    this.nodeProblems = page.getByRole('status', { name: 'Nodes not reachable' });
  }

  async goto(search = '') {
    await this.page.goto(`/sessions${search}`);
    await this.heading.waitFor();
  }

  row(sessionId: string): Locator {
    return this.table.locator(`tr[data-session="${sessionId}"]`);
  }

  /** The cell of node `index` in a session's row. */
  cell(sessionId: string, index: number): Locator {
    return this.row(sessionId).locator(`td[data-node="${index}"]`);
  }

  async open(sessionId: string) {
    await this.page.getByRole('link', { name: `Session ${sessionId}` }).click();
  }
}

export class SessionDetailPage {
  readonly heading: Locator;
  readonly overallState: Locator;
  readonly failure: Locator;
  readonly publicKey: Locator;
  readonly fingerprint: Locator;
  readonly joinDeadline: Locator;
  readonly approve: Locator;
  readonly joinResults: Locator;
  readonly parametersToApprove: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.overallState = page.getByTestId('overall-state');
    this.failure = page.getByTestId('session-failure');
    this.publicKey = page.getByTestId('public-key');
    this.fingerprint = page.getByTestId('public-key-fingerprint');
    this.joinDeadline = page.getByTestId('join-deadline');
    this.approve = page.getByRole('checkbox', { name: /approve joining/ });
    this.joinResults = page.getByRole('status', { name: 'Join results' });
    this.parametersToApprove = page.getByRole('table', { name: 'Parameters to approve' });
  }

  async goto(sessionId: string) {
    await this.page.goto(`/sessions/${sessionId}`);
    await this.heading.waitFor();
  }

  /** Node `index`'s state in the summary ("none" when it has not joined). */
  nodeState(index: number): Locator {
    return this.page.getByRole('list', { name: 'State per node' }).locator(`li[data-node="${index}"]`);
  }

  diff(field: string): Locator {
    return this.page.getByRole('table', { name: `Differences in ${field}` });
  }

  timeline(index: number): Locator {
    return this.page.getByRole('list', { name: `Timeline of node ${index}` });
  }

  nodeCard(index: number): Locator {
    return this.page.getByRole('region', { name: new RegExp(`^Node ${index}\\b`) });
  }

  joinButton(index: number): Locator {
    return this.page.getByRole('button', { name: `Join on node ${index}` });
  }
}
