import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchChromium, openRecordedPage } from '../support/chromium.js';
import { createMember, createOrganization } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * A single-page app on another origin, in Chromium: its fetch reaches the API when its origin is in
 * CORS_ORIGINS, and the browser refuses the answer when it is not. The pages are served by two
 * small local servers, so each has an origin of its own (another port on 127.0.0.1).
 */

interface Outcome {
  status?: number;
  requestId?: string | null;
  body?: unknown;
  failure?: string;
}

/** A one-page site on a free loopback port; its origin is `http://127.0.0.1:<port>`. */
async function servePage(): Promise<{ origin: string; close(): void }> {
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

let browser: Browser;
let listed: Awaited<ReturnType<typeof servePage>>;
let unlisted: Awaited<ReturnType<typeof servePage>>;
let t: TestServer;
beforeAll(async () => {
  [listed, unlisted, browser] = await Promise.all([servePage(), servePage(), launchChromium()]);
  t = await startTestServer({ env: { CORS_ORIGINS: listed.origin } });
});
afterAll(async () => {
  await browser?.close();
  listed?.close();
  unlisted?.close();
  await t?.stop();
});

/** Opens the page at `origin` and has it call the API as a member of a new organization, as an SPA would. */
async function callFrom(origin: string) {
  const org = await createOrganization(t.db.base);
  const { user } = await createMember(t.db.base, org.id, 'VIEWER');
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await t.token(user.id)}`, 'x-organization-id': org.slug };
  const { page, problems } = await openRecordedPage(browser);
  await page.goto(origin);
  const outcome = await page.evaluate(
    async ({ url, headers }): Promise<Outcome> => {
      try {
        const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: '{ organization { name } }' }) });
        return { status: response.status, requestId: response.headers.get('x-request-id'), body: await response.json() };
      } catch (error) {
        return { failure: String(error) };
      }
    },
    { url: t.server.url, headers },
  );
  await page.context().close();
  return { outcome, problems, org };
}

describe('a page on another origin calling the API with fetch', () => {
  it('succeeds when its origin is listed, and can read x-request-id', async () => {
    const { outcome, problems, org } = await callFrom(listed.origin);
    expect(outcome).toEqual({ status: 200, requestId: expect.stringMatching(/^[\w-]{8,}$/), body: { data: { organization: { name: org.name } } } });
    expect(problems).toEqual([]);
  });

  it('is refused by the browser when its origin is not listed', async () => {
    const { outcome, problems } = await callFrom(unlisted.origin);
    expect(outcome).toEqual({ failure: 'TypeError: Failed to fetch' });
    expect(problems.join('\n')).toMatch(/blocked by CORS policy/);
  });
});
