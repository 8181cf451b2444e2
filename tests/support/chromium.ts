import { existsSync } from 'node:fs';
import { chromium, type Browser, type Request } from 'playwright-core';

/**
 * Debian's Chromium (never a downloaded one), driven by playwright-core. Every request a page makes
 * is recorded and must stay on this machine; anything else is aborted before it leaves, so a
 * regression cannot reach the network.
 */

const CHROMIUM = '/usr/bin/chromium';

export const isLocal = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/** Launches Debian's Chromium; its absence fails the test, it never skips it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No browser at ${CHROMIUM}. The browser tests need Debian's Chromium: apt-get install -y chromium ` +
        '(.ci/run does this). They never download a browser.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Opens a page that records every request (and aborts any that would leave localhost). */
export async function openRecordedPage(browser: Browser) {
  const context = await browser.newContext({ acceptDownloads: false, serviceWorkers: 'block', viewport: { width: 1400, height: 800 } });
  await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  const requests: Request[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return { page, requests, problems };
}
