import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import type { Browser, Page, Request } from 'playwright-core';
import { signToken } from '../../src/auth/bearer-token.js';
import { explorerRoutes, REFRESH_PATH } from '../../src/explorer/explorer-routes.js';
import { fromThisMachine } from '../../src/explorer/loopback.js';
import { isLocal, launchChromium as launchBrowser, openRecordedPage } from '../support/chromium.js';
import { createMember, createOrganization, createWorkflow, globalId, unique } from '../support/factories.js';
import { startGatewayProcess, type GatewayProcess } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** The explorer in a real browser (tests/support/chromium.ts: Debian's Chromium, localhost only). */

const OUTPUT = path.join('test-output', 'explorer');
/** graphiql.min.js alone is 3.5 MB uncompressed; gzipped, the whole page is under 1 MB. */
const MAX_PAGE_BYTES = 1_500_000;

let browser: Browser | undefined;
const launchChromium = async () => (browser ??= await launchBrowser());

/** Replaces the text of the CodeMirror editor under `selector`, as a paste would. */
async function fillEditor(page: Page, selector: string, text: string) {
  await page.locator(`${selector} .CodeMirror`).first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const bodyBytes = async (requests: Request[]) =>
  (await Promise.all(requests.map(async (request) => (await request.sizes()).responseBodySize))).reduce((a, b) => a + b, 0);

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await browser?.close();
  await t.stop();
});

describe('the explorer in Chromium', () => {
  it('runs a query with a member token, entirely from localhost, under a strict CSP', async () => {
    const browser = await launchChromium();
    const org = await createOrganization(t.db.base, { name: `Explorer ${unique('org')}` });
    const { user } = await createMember(t.db.base, org.id, 'VIEWER');
    const { page, requests, problems } = await openRecordedPage(browser);
    const origin = new URL(t.server.url).origin;

    const introspection = page.waitForResponse((response) => response.url() === t.server.url && response.request().method() === 'POST');
    await page.goto(`${origin}/graphql`);
    await page.locator('.graphiql-container').waitFor();
    expect((await introspection).status()).toBe(200);
    const pageWeight = await bodyBytes(requests.filter((request) => request.method() === 'GET'));

    // Schema-aware completion: typing the start of a root field offers it.
    await fillEditor(page, '.graphiql-query-editor', '');
    await page.keyboard.type('{ organiz');
    await page.locator('.CodeMirror-hints', { hasText: 'organization' }).waitFor();
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Headers' }).click();
    const headers = { authorization: `Bearer ${await t.token(user.id)}`, 'x-organization-id': org.slug };
    await fillEditor(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)', JSON.stringify(headers, null, 2));
    await fillEditor(page, '.graphiql-query-editor', '{ organization { name slug plan } }');
    const sent = page.waitForRequest((request) => request.method() === 'POST' && request.postData()?.includes('organization') === true);
    await page.locator('.graphiql-execute-button').click();
    const query = await sent;
    expect(query.headers()).toMatchObject({ 'content-type': 'application/json', 'x-organization-id': org.slug });
    await page.locator('.graphiql-response', { hasText: org.name }).waitFor();

    // The documentation explorer knows the schema too.
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer', { hasText: 'A GraphQL schema provides a root type' }).waitFor();

    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'explorer.png') });
    const total = await bodyBytes(requests);
    console.log(`explorer page weight: ${pageWeight} bytes (${requests.length} requests, ${total} bytes with GraphQL calls)`);

    expect(requests.map((request) => request.url()).filter((url) => !isLocal(url))).toEqual([]);
    expect(problems).toEqual([]);
    expect(pageWeight).toBeLessThan(MAX_PAGE_BYTES);
  });
});

describe('subscriptions in the explorer', () => {
  it('subscribes over WebSocket in the page; a run started over HTTP appears in the response pane', async () => {
    const org = await createOrganization(t.db.base);
    const { user: viewer } = await createMember(t.db.base, org.id, 'VIEWER');
    const { user: editor } = await createMember(t.db.base, org.id, 'EDITOR');
    const workflow = await createWorkflow(t.db.base, org.id);
    const { page, requests, problems } = await openRecordedPage(await launchChromium());
    await page.goto(`${new URL(t.server.url).origin}/graphql`);
    await page.locator('.graphiql-container').waitFor();
    await page.getByRole('button', { name: 'Headers' }).click();
    const headers = { authorization: `Bearer ${await t.token(viewer.id)}`, 'x-organization-id': org.slug };
    await fillEditor(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)', JSON.stringify(headers, null, 2));
    await fillEditor(page, '.graphiql-query-editor', 'subscription { executionUpdated { id status } }');
    const socket = page.waitForEvent('websocket');
    await page.locator('.graphiql-execute-button').click();
    expect(new URL((await socket).url()).origin).toBe(new URL(t.server.url).origin.replace('http', 'ws'));
    // The page has subscribed once the gateway listens for this organization (a subscription and its session watch).
    while (t.server.events.listenerCount(org.id) < 2) await new Promise((resolve) => setTimeout(resolve, 20));

    const run = await t.gql(`mutation($id: ID!) { runWorkflow(input: { workflowId: $id }) { execution { id } } }`, {
      as: editor.id,
      org: org.slug,
      variables: { id: globalId('Workflow', workflow.id) },
    });
    const executionId = run.body.data?.runWorkflow.execution.id as string;
    await page.locator('.graphiql-response', { hasText: executionId }).waitFor();
    expect(await page.locator('.graphiql-response').textContent()).toContain('QUEUED');
    expect(requests.map((request) => request.url()).filter((url) => !isLocal(url))).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('the explorer of a fresh `npm start`', () => {
  let dir: string;
  let gateway: GatewayProcess | undefined;
  afterAll(async () => {
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is signed in as the demo owner of acme: a query runs without touching the headers', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flowgate-explorer-'));
    // What npm start does on a fresh clone: an empty embedded database, migrated and seeded.
    gateway = await startGatewayProcess({ EMBEDDED_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'info' }, 120_000);
    const { page, requests } = await openRecordedPage(await launchChromium());
    await page.goto(`http://127.0.0.1:${gateway.port}/graphql`);
    await page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden)').filter({ hasText: '"x-organization-id": "acme"' }).waitFor();
    await fillEditor(page, '.graphiql-query-editor', '{ viewer { user { email } } organization { name viewerRole } }');
    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    await response.filter({ hasText: 'Acme Corporation' }).waitFor();
    expect(await response.textContent()).toContain('owner@acme.test');
    expect(requests.map((request) => request.url()).filter((url) => !isLocal(url))).toEqual([]);
    await page.context().close();
  }, 180_000); // the gateway alone may take its 120 s to migrate and seed on a busy machine
});

/** The explorer router alone on a free port, to see what it does with `defaultHeaders`. */
async function serveExplorerAlone(defaultHeaders: () => Promise<Record<string, string>>) {
  const app = express().use(explorerRoutes({ defaultHeaders }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, close: () => server.close() };
}

describe('the explorer with defaultHeaders', () => {
  const headers = { authorization: 'Bearer demo.token</div><script>', 'x-organization-id': 'acme' };

  it('prefills and shows the headers editor', async () => {
    const browser = await launchChromium();
    const alone = await serveExplorerAlone(async () => headers);
    try {
      const { page, requests } = await openRecordedPage(browser);
      await page.goto(alone.url);
      const editor = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden)');
      await editor.filter({ hasText: '"x-organization-id": "acme"' }).waitFor();
      expect(await editor.textContent()).toContain('"authorization": "Bearer demo.token</div><script>"');
      expect(requests.map((request) => request.url()).filter((url) => !isLocal(url))).toEqual([]);
      await page.context().close();
    } finally {
      alone.close();
    }
  });

  it('escapes them into the page, which is never cached', async () => {
    const alone = await serveExplorerAlone(async () => headers);
    try {
      const response = await fetch(alone.url, { headers: { accept: 'text/html' } });
      expect(response.headers.get('cache-control')).toBe('no-store');
      const page = await response.text();
      expect(page).not.toContain('</div><script>');
      expect(page).toContain('&#34;x-organization-id&#34;: &#34;acme&#34;');
    } finally {
      alone.close();
    }
  });
});

describe('the demo token in the explorer', () => {
  const html = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers: { accept: 'text/html', ...headers } }).then((response) => response.text());

  it('is minted on every page load, so a reloaded page never holds an expired one', async () => {
    let minted = 0;
    const alone = await serveExplorerAlone(async () => ({ authorization: `Bearer token-${(minted += 1)}` }));
    try {
      expect(await html(alone.url)).toContain('Bearer token-1');
      expect(await html(alone.url)).toContain('Bearer token-2');
    } finally {
      alone.close();
    }
  });

  it('is only for a browser on this machine talking to the gateway directly', async () => {
    let minted = 0;
    const alone = await serveExplorerAlone(async () => ({ authorization: `Bearer token-${(minted += 1)}` }));
    try {
      const relayed = await html(alone.url, { 'x-forwarded-for': '203.0.113.9' });
      expect(relayed).toContain('data-headers=""');
      expect(relayed).not.toContain('Bearer');
      expect(minted).toBe(0);
    } finally {
      alone.close();
    }
    const from = (remoteAddress: string, headers = {}) => fromThisMachine({ socket: { remoteAddress } as never, headers });
    expect([from('127.0.0.1'), from('::1'), from('::ffff:127.0.0.1')]).toEqual([true, true, true]);
    expect([from('192.0.2.7'), from('fd00::2'), from('127.0.0.1', { forwarded: 'for=192.0.2.7' })]).toEqual([false, false, false]);
  });
});

describe('the demo token in an open explorer page', () => {
  const demoHeaders = (ttl: string) => async () => ({
    authorization: `Bearer ${await signToken(t.config.jwt, { userId: 'demo-owner', email: 'owner@acme.test' }, ttl)}`,
    'x-organization-id': 'acme',
  });

  it('is renewed before it expires: the headers editor shows the new one and queries send it', async () => {
    const alone = await serveExplorerAlone(demoHeaders('4s'));
    try {
      const { page, problems } = await openRecordedPage(await launchChromium());
      const renewed = page.waitForResponse((response) => new URL(response.url()).pathname === REFRESH_PATH, { timeout: 60_000 });
      await page.goto(alone.url);
      const editor = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden)');
      await editor.filter({ hasText: '"x-organization-id": "acme"' }).waitFor();
      const handedOut = (await editor.textContent())!.match(/Bearer [\w.-]+/)![0];

      const response = await renewed;
      expect(response.status()).toBe(200);
      const fresh = ((await response.json()) as { headers: Record<string, string> }).headers.authorization;
      expect(fresh).not.toBe(handedOut);
      await editor.filter({ hasText: fresh }).waitFor();
      expect(await editor.textContent()).not.toContain(handedOut);

      const sent = page.waitForRequest((request) => request.method() === 'POST' && request.postData()?.includes('viewer') === true);
      await fillEditor(page, '.graphiql-query-editor', '{ viewer { user { email } } }');
      await page.locator('.graphiql-execute-button').click();
      expect((await sent).headers().authorization).toBe(fresh);
      // The explorer router is served alone here, so only the page's own script errors count.
      expect(problems.filter((problem) => problem.startsWith('page error'))).toEqual([]);
      await page.context().close();
    } finally {
      alone.close();
    }
  }, 120_000);

  it('is renewed only for the page itself: never for another origin, a relayed request, or without demo headers', async () => {
    const alone = await serveExplorerAlone(demoHeaders('12h'));
    const refresh = (headers: Record<string, string> = {}) => fetch(new URL(REFRESH_PATH, alone.url), { headers });
    try {
      const own = await refresh({ 'sec-fetch-site': 'same-origin' });
      expect(own.status).toBe(200);
      expect(own.headers.get('cache-control')).toBe('no-store');
      expect(((await own.json()) as { headers: Record<string, string> }).headers.authorization).toMatch(/^Bearer /);
      expect((await refresh({ 'sec-fetch-site': 'same-site' })).status).toBe(404);
      expect((await refresh({ 'sec-fetch-site': 'cross-site' })).status).toBe(404);
      expect((await refresh({ 'x-forwarded-for': '203.0.113.9' })).status).toBe(404);
    } finally {
      alone.close();
    }
    expect((await fetch(new URL(REFRESH_PATH, t.server.url))).status).toBe(404);
  });
});

describe('the explorer over HTTP', () => {
  const html = (url: string) => fetch(url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

  it('serves a page with a strict CSP and no URL on another host, and cacheable gzipped assets', async () => {
    const response = await html(t.server.url);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline/);
    const page = await response.text();
    const urls = page.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(urls.filter((url) => !isLocal(url))).toEqual([]);
    expect(page).not.toMatch(/<script>/);

    const assets = [...page.matchAll(/(?:src|href)="(\/explorer\/assets\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets).toHaveLength(7);
    const asset = await fetch(new URL(assets.find((url) => url.endsWith('graphiql.min.js'))!, t.server.url));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    const missing = await fetch(new URL('/explorer/assets/000000000000/graphiql.min.js', t.server.url));
    expect(missing.status).toBe(404);
  });

  it('leaves requests that do not prefer HTML to Apollo', async () => {
    const response = await fetch(`${t.server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('is not served when the explorer is disabled: a browser hears that it is off and how to enable it', async () => {
    const disabled = await startTestServer({ env: { ENABLE_EXPLORER: 'false' } });
    try {
      const response = await html(disabled.server.url);
      expect(response.status).toBe(404);
      const page = await response.text();
      expect(page).not.toContain('graphiql');
      expect(page).toContain('ENABLE_EXPLORER=true');
    } finally {
      await disabled.stop();
    }
  });
});
