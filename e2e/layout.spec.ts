// Every page of the console holds on a phone (390×844) and a laptop (1280×720) without the
// page scrolling sideways: wide content (tables, keys, TOML) scrolls inside its own box.
// Run against the real local cluster with a key on site main (so the keys and export pages
// have rows) and a finished session (so /sessions/<id> has one), at both sizes.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { newSessionId } from '../src/client/session-id.ts';
import { expect, test } from './fixtures.ts';
import { joinSession, resetCluster, siteOf } from './node-api.ts';

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1280, height: 720 },
] as const;

// /byok joins the list once its route is committed (a checkout without git: once it exists).
const BYOK_ROUTE = 'src/console/routes/byok.tsx';
function byokCommitted(): boolean {
  const root = fileURLToPath(new URL('..', import.meta.url));
  try {
    execFileSync('git', ['cat-file', '-e', `HEAD:${BYOK_ROUTE}`], { cwd: root, stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' && existsSync(`${root}/${BYOK_ROUTE}`);
  }
}
const HAS_BYOK = byokCommitted();

/** Each route with the text that says its content has arrived (not a loading state). */
function routes(keyId: string, sessionId: string): Array<{ path: string; ready: RegExp }> {
  return [
    { path: '/', ready: /Site main/ },
    { path: '/sessions', ready: new RegExp(keyId) },
    { path: `/sessions/${sessionId}`, ready: new RegExp(keyId) },
    { path: '/pairing', ready: /Pairing|pairing/ },
    { path: '/inspect', ready: /inspect/i },
    { path: '/wrapping-keys', ready: /wrapping keys/i },
    { path: '/sites/main/keys', ready: new RegExp(keyId) },
    { path: `/sites/main/keys/${keyId}/export`, ready: new RegExp(`Export key ${keyId}`) },
    { path: '/sites/main/import', ready: /Import a key into site main/ },
    { path: '/sites/main/whitelist', ready: /Node 3/ },
    { path: '/sites/main/nodes/1/whitelist', ready: /Export whitelist of node 1, site main/ },
    ...(HAS_BYOK ? [{ path: '/byok', ready: /cloud KMS/i }] : []),
  ];
}

/** How far the page (root and body) is wider than the window, and the widest offender. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const root = document.documentElement.scrollWidth;
    const body = document.body.scrollWidth;
    // The widest element that is not inside a box that scrolls or clips it: what widens the page.
    const clipped = (el: Element): boolean => {
      for (let a = el.parentElement; a !== null && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      }
      return false;
    };
    let widest = '';
    let widestRight = width;
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const right = el.getBoundingClientRect().right;
      if (right > widestRight + 0.5 && !clipped(el)) {
        widestRight = right;
        widest = `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')} (right ${Math.round(right)})`;
      }
    }
    return { width, root, body, widest };
  });
}

test.describe('layout at phone and laptop widths', () => {
  test('no page scrolls sideways at 390×844 or 1280×720', async ({ page, cluster }, testInfo) => {
    test.setTimeout(120_000);
    const main = siteOf(cluster, 'main');
    // A key made by a keygen session: the keys list and the export page have a row, and the
    // session's detail page has parameters, per-node states and a public key.
    const keyId = `e2e-layout-${randomBytes(4).toString('hex')}`;
    const sessionId = newSessionId();
    await Promise.all(main.nodes.map((n) => joinSession(n, { sessionId, kind: 'keygen', parameters: { keyId, curve: 'secp256k1' }, timeoutMs: 20_000 })));

    const problems: string[] = [];
    try {
      for (const size of SIZES) {
        await page.setViewportSize({ width: size.width, height: size.height });
        for (const route of routes(keyId, sessionId)) {
          await page.goto(route.path);
          await expect(page.locator('main')).toContainText(route.ready, { timeout: 20_000 });
          // Late content (node answers, fingerprints) settles before measuring; the pages hold
          // event streams open, so there is no network-idle moment to wait for.
          await page.waitForTimeout(700);
          const o = await overflow(page);
          if (o.root > o.width || o.body > o.width) {
            problems.push(`${route.path} at ${size.width}×${size.height}: page ${o.root}px, body ${o.body}px wide in a ${o.width}px window; widest: ${o.widest}`);
          }
          if (size.name === 'phone') {
            const name = route.path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'dashboard';
            await page.screenshot({ path: testInfo.outputPath(`layout-390-${name}.png`), fullPage: true });
          }
        }
      }
    } finally {
      await resetCluster(cluster, [keyId]);
    }
    expect(problems).toEqual([]);
  });
});
