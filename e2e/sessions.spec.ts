// The live session cockpit against real nodes: sessions are driven through each node's own
// API (POST /v1/sessions with Node's fetch, as separate operators would), and the cockpit
// must show what the nodes report — live, per node, with the failure in words, the
// parameter diff on a mismatch, the resulting public key, and joining missing nodes.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { profileFile } from '../src/node/cluster/layout.ts';
import { startSiteProcesses } from '../src/node/test-support/site-processes.ts';
import type { CurveName } from '../src/crypto/names.ts';
import type { JoinSession } from '../src/protocol/session.ts';
import { newSessionId } from '../src/client/session-id.ts';
import { SiteProfile } from '../src/protocol/site-profile.ts';
import { expect, test } from './fixtures.ts';
import { getSession, joinSession, siteOf, type NodeProfile } from './node-api.ts';
import { SessionDetailPage, SessionsPage } from './pages/sessions-page.ts';
import { createHash } from 'node:crypto';


const newKeyId = (what: string) => `e2e-${what}-${randomBytes(4).toString('hex')}`;

const nodeOf = (profile: SiteProfile, index: number): NodeProfile => profile.nodes.find((n) => n.index === index)!;

const keygen = (sessionId: string, keyId: string, curve: CurveName = 'secp256k1', timeoutMs = 10_000): JoinSession => ({ sessionId, kind: 'keygen', parameters: { keyId, curve }, timeoutMs });

test.describe('session cockpit', () => {
  test('a keygen on all three nodes reaches done live, with the nodes’ public key', async ({ page, cluster }, testInfo) => {
    const main = siteOf(cluster, 'main');
    const cockpit = new SessionsPage(page);
    await cockpit.goto();
    await expect(cockpit.summary).toContainText('shown');

    // Started after the page is open: the row must arrive over the event streams.
    const id = newSessionId();
    const keyId = newKeyId('keygen');
    await Promise.all(main.nodes.map((n) => joinSession(n, keygen(id, keyId))));
    for (const n of main.nodes) await expect(cockpit.cell(id, n.index)).toHaveAttribute('data-cell-state', 'done', { timeout: 15_000 });
    await expect(cockpit.row(id)).toHaveAttribute('data-state', 'done');
    await expect(cockpit.row(id)).toContainText('keygen');
    await expect(cockpit.row(id)).toContainText(keyId);
    await expect(cockpit.row(id)).toContainText('main');
    // The other site's nodes have no column value for it.
    await page.screenshot({ path: testInfo.outputPath('sessions-list-done.png'), fullPage: true });

    const views = await Promise.all(main.nodes.map((n) => getSession(n, id)));
    const publicKey = views[0]!.result!.publicKey;
    for (const v of views) expect(v.result?.publicKey).toBe(publicKey);

    await cockpit.open(id);
    const detail = new SessionDetailPage(page);
    await expect(page).toHaveURL(new RegExp(`/sessions/${id}$`));
    await expect(detail.overallState).toHaveText('done');
    await expect(detail.publicKey).toHaveText(publicKey);
    // Fingerprint: SHA-256 of the DER, computed here by node:crypto.
    await expect(detail.fingerprint).toHaveText(createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex'));
    for (const n of main.nodes) {
      await expect(detail.timeline(n.index).getByText('done')).toBeVisible();
      await expect(detail.timeline(n.index).locator('li')).toHaveCount(views[n.index - 1]!.history.length);
    }
    await expect(detail.failure).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('sessions-detail-done.png'), fullPage: true });
  });

  test('a mismatch shows failed and which nodes hold which value', async ({ page, cluster }, testInfo) => {
    const main = siteOf(cluster, 'main');
    const id = newSessionId();
    const keyId = newKeyId('mismatch');
    await Promise.all([
      joinSession(nodeOf(main, 1), keygen(id, keyId)),
      joinSession(nodeOf(main, 2), keygen(id, keyId)),
      joinSession(nodeOf(main, 3), keygen(id, keyId, 'Ed25519')),
    ]);
    const cockpit = new SessionsPage(page);
    await cockpit.goto();
    for (const i of [1, 2, 3]) await expect(cockpit.cell(id, i)).toHaveAttribute('data-cell-state', 'failed', { timeout: 15_000 });
    await expect(cockpit.row(id)).toHaveAttribute('data-state', 'failed');
    await expect(cockpit.cell(id, 3)).toContainText('mismatch');

    const detail = new SessionDetailPage(page);
    await detail.goto(id);
    await expect(detail.overallState).toHaveText('failed');
    await expect(detail.failure).toContainText('Failed: mismatch.');
    await expect(detail.failure).toContainText('The nodes joined with different parameters');
    const diff = detail.diff('curve');
    await expect(diff.getByRole('columnheader')).toHaveText(['Nodes 1, 2', 'Node 3']);
    await expect(diff.getByRole('cell')).toHaveText(['secp256k1', 'Ed25519']);
    await expect(diff).toContainText('named by the nodes’ mismatch');
    // Only the curve differs.
    await expect(page.getByRole('table', { name: /^Differences in / })).toHaveCount(1);
    await page.screenshot({ path: testInfo.outputPath('sessions-mismatch.png'), fullPage: true });
  });

  test('joins a waiting session on the missing node from its page', async ({ page, cluster }, testInfo) => {
    const main = siteOf(cluster, 'main');
    const id = newSessionId();
    const keyId = newKeyId('join');
    await joinSession(nodeOf(main, 1), keygen(id, keyId, 'P-256', 60_000));
    await joinSession(nodeOf(main, 2), keygen(id, keyId, 'P-256', 60_000));

    const detail = new SessionDetailPage(page);
    await detail.goto(id);
    await expect(detail.overallState).toHaveText('waiting');
    await expect(detail.nodeState(3)).toContainText('has not joined');
    await expect(detail.joinDeadline).toContainText(/\d+ s left|min \d\d s left/);
    const before = await detail.joinDeadline.textContent();
    await expect(detail.joinDeadline).not.toHaveText(before!, { timeout: 3000 }); // it ticks
    // The parameters come first, for approval; the button is disabled until approved.
    await expect(detail.parametersToApprove).toContainText('P-256');
    await expect(detail.parametersToApprove).toContainText(keyId);
    await expect(detail.joinButton(3)).toBeDisabled();
    await page.screenshot({ path: testInfo.outputPath('sessions-join-approve.png'), fullPage: true });
    // Keyboard only: tick the approval and press the button.
    await detail.approve.focus();
    await page.keyboard.press('Space');
    await expect(detail.joinButton(3)).toBeEnabled();
    await detail.joinButton(3).focus();
    await page.keyboard.press('Enter');

    for (const i of [1, 2, 3]) await expect(detail.nodeState(i)).toHaveAttribute('data-cell-state', 'done', { timeout: 15_000 });
    await expect(detail.overallState).toHaveText('done');
    const view = await getSession(nodeOf(main, 3), id);
    expect(view.state).toBe('done');
    await expect(detail.publicKey).toHaveText(view.result!.publicKey);
    await page.screenshot({ path: testInfo.outputPath('sessions-joined-done.png'), fullPage: true });
  });

  test('filters are kept in the URL and survive a reload; bad values fall back to all', async ({ page, cluster }, testInfo) => {
    const main = siteOf(cluster, 'main');
    // One done keygen and one failed (mismatch) session on site main.
    const done = newSessionId();
    const failed = newSessionId();
    const doneKey = newKeyId('filter-done');
    const failedKey = newKeyId('filter-failed');
    await Promise.all(main.nodes.map((n) => joinSession(n, keygen(done, doneKey))));
    await Promise.all(main.nodes.map((n) => joinSession(n, keygen(failed, failedKey, n.index === 1 ? 'P-384' : 'secp256k1'))));

    const cockpit = new SessionsPage(page);
    await cockpit.goto();
    await expect(cockpit.row(done)).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
    await expect(cockpit.row(failed)).toHaveAttribute('data-state', 'failed', { timeout: 15_000 });

    await cockpit.kindFilter.selectOption('keygen');
    await cockpit.stateFilter.selectOption('done');
    await expect(page).toHaveURL(/[?&]kind=keygen/);
    await expect(page).toHaveURL(/[?&]state=done/);
    await expect(cockpit.row(done)).toBeVisible();
    await expect(cockpit.row(failed)).toHaveCount(0);

    await page.reload();
    await expect(cockpit.kindFilter).toHaveValue('keygen');
    await expect(cockpit.stateFilter).toHaveValue('done');
    await expect(cockpit.row(done)).toBeVisible({ timeout: 15_000 });
    await expect(cockpit.row(failed)).toHaveCount(0);

    await cockpit.keyFilter.fill(failedKey);
    await expect(page).toHaveURL(new RegExp(`[?&]key=${failedKey}`));
    await expect(page.getByTestId('sessions-none-match')).toBeVisible();
    await cockpit.stateFilter.selectOption('failed');
    await expect(cockpit.row(failed)).toBeVisible();
    await expect(cockpit.table.locator('tbody tr')).toHaveCount(1);
    await page.screenshot({ path: testInfo.outputPath('sessions-filtered.png'), fullPage: true });

    // A hand-edited URL: bad values are "all", good ones kept, no crash.
    await cockpit.goto(`?kind=steal&state=42&site=main`);
    await expect(cockpit.kindFilter).toHaveValue('');
    await expect(cockpit.stateFilter).toHaveValue('');
    await expect(cockpit.siteFilter).toHaveValue('main');
    await expect(cockpit.row(done)).toBeVisible({ timeout: 15_000 });
  });
});

// ---- a node really stopped mid-session: a site of our own (the shared cluster is not ours to kill) ----

/** Site main of a fresh cluster home, each node its own process (so one can be killed and the others keep running). */
async function startOwnSite(consoleOrigin: string) {
  const processes = await startSiteProcesses('main', { consoleOrigins: [consoleOrigin] });
  const profile = SiteProfile.parse(JSON.parse(readFileSync(profileFile(processes.home, 'main'), 'utf8')));
  return { ...processes, profile };
}

test.describe('a node stopped mid-session', () => {
  // While node 3 is down, Chromium logs its refused connections as errors.
  test.use({ expectedConsoleErrors: [/ERR_CONNECTION_REFUSED|Failed to load resource/] });
  test.setTimeout(120_000);

  test('the others fail with timeout naming it; it shows as not reachable, then as not knowing the session', async ({ page, cluster, consoleServer }, testInfo) => {
    expect(cluster.profiles.length).toBeGreaterThan(0); // the shared cluster's home exists (its sites/ folder)
    const own = await startOwnSite(new URL(consoleServer.url).origin);
    // The page guard allows the nodes of profiles in the console's cluster home: list ours there too.
    const allowFile = join(consoleServer.clusterHome, 'sites', `zz-cockpit-own-${randomBytes(4).toString('hex')}.json`);
    mkdirSync(join(consoleServer.clusterHome, 'sites'), { recursive: true });
    writeFileSync(allowFile, JSON.stringify(own.profile));
    try {
      // This tab is connected to our own site only.
      const site = { name: own.profile.site, threshold: own.profile.threshold, nodes: own.profile.nodes.map((n) => ({ index: n.index, url: n.url, token: n.token })) };
      await page.addInitScript(
        (value) => {
          // Only on the console's pages (about:blank has no sessionStorage).
          if (location.protocol === 'http:') sessionStorage.setItem('keyferry.sites', value);
        },
        JSON.stringify({ state: { sites: [site] }, version: 0 }),
      );
      const [n1, n2, n3] = [1, 2, 3].map((i) => nodeOf(own.profile, i)) as [NodeProfile, NodeProfile, NodeProfile];
      const id = newSessionId();
      const keyId = newKeyId('killed');
      const cockpit = new SessionsPage(page);
      await cockpit.goto();
      await expect(cockpit.summary).toContainText('0 of 0 sessions shown');

      // Node 3 and node 1 join; node 3 is killed while waiting for node 2; then node 2 joins.
      await joinSession(n3, keygen(id, keyId, 'secp256k1', 8000));
      await joinSession(n1, keygen(id, keyId, 'secp256k1', 8000));
      await expect(cockpit.cell(id, 3)).toHaveAttribute('data-cell-state', 'waiting');
      await expect(cockpit.cell(id, 1)).toHaveAttribute('data-cell-state', 'waiting');
      await own.kill(3);
      await joinSession(n2, keygen(id, keyId, 'secp256k1', 8000));
      await expect(cockpit.nodeProblems).toContainText('Site main, node 3', { timeout: 45_000 });
      // Every column says failed, with the reason: nodes 1 and 2 their own (timeout), node 3
      // — which cannot report — that it is not reachable.
      for (const i of [1, 2]) await expect(cockpit.cell(id, i)).toHaveAttribute('data-cell-state', 'failed', { timeout: 20_000 });
      for (const i of [1, 2]) await expect(cockpit.cell(id, i)).toContainText('timeout');
      await expect(cockpit.cell(id, 3)).toHaveAttribute('data-cell-state', 'failed');
      await expect(cockpit.cell(id, 3)).toContainText('not reachable');
      await expect(cockpit.row(id)).toHaveAttribute('data-state', 'failed');
      await page.screenshot({ path: testInfo.outputPath('sessions-node-killed.png'), fullPage: true });

      const detail = new SessionDetailPage(page);
      await cockpit.open(id);
      await expect(detail.failure).toContainText('Failed: timeout.');
      await expect(detail.failure).toContainText('Not every node answered before the deadline');
      const view = await getSession(n1, id);
      expect(view.failure?.reason).toBe('timeout');
      await expect(detail.failure).toContainText(view.failure!.message);
      await expect(page.getByRole('status', { name: 'Nodes not reachable' })).toContainText('node 3');
      // The session page still shows what node 3 said last, marked as such.
      await expect(detail.nodeCard(3)).toContainText('Not reachable now');
      await expect(detail.nodeCard(3)).toContainText('This is what it last reported');
      await page.screenshot({ path: testInfo.outputPath('sessions-node-killed-detail.png'), fullPage: true });

      // Back up, node 3 has forgotten the session (sessions live in memory): still failed, and why.
      await own.restart(3);
      await expect(detail.nodeState(3)).toContainText('does not know the session (restarted, or never joined)', { timeout: 30_000 });
      await expect(page.getByRole('status', { name: 'Nodes not reachable' })).toHaveCount(0);
      await expect(detail.overallState).toHaveText('failed');
    } finally {
      // Leave the page first: it keeps reconnecting to the site's nodes, and once their
      // profile is gone from the allow-list every such request would count as foreign.
      await page.goto('about:blank');
      rmSync(allowFile, { force: true });
      await own.stop();
    }
  });
});
