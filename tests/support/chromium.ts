import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Request } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/runtime/paths.js';
import { runCommand } from './process.js';

/**
 * A Chromium found on this machine, never one downloaded at run time: Debian's when it is installed,
 * otherwise the one `@sparticuz/chromium` (a dev dependency) ships inside its npm package, so
 * `npm install && npm test` needs nothing else. Driven by playwright-core. Every request a page makes
 * is recorded and must stay on this machine; anything else is aborted before it leaves, so a
 * regression cannot reach the network.
 */

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const PACKAGE = path.join(PROJECT_ROOT, 'node_modules', '@sparticuz', 'chromium');
const CACHE = path.join(PROJECT_ROOT, 'node_modules', '.cache');

export const isLocal = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/**
 * The packaged Chromium, unpacked once per installed version into node_modules/.cache. The package
 * unpacks into os.tmpdir(), so it runs in a child whose TMPDIR is a fresh directory, which is then
 * renamed into place: jest workers racing here each unpack their own, and the first rename wins.
 */
async function unpackedPackagedChromium(): Promise<string> {
  const { version } = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')) as { version: string };
  const home = path.join(CACHE, `sparticuz-chromium-${version}`);
  if (existsSync(path.join(home, 'chromium'))) return home;
  mkdirSync(CACHE, { recursive: true });
  const staging = mkdtempSync(path.join(CACHE, 'sparticuz-chromium-unpacking-'));
  const unpack = await runCommand(process.execPath, ['-e', "import('@sparticuz/chromium').then((m) => m.default.executablePath())"], { TMPDIR: staging });
  if (unpack.code !== 0) throw new Error(`unpacking @sparticuz/chromium failed:\n${unpack.stderr}`);
  writeFileSync(path.join(staging, 'fonts.conf'), fontConfig(home));
  try {
    renameSync(staging, home);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another worker's copy is already in place
  }
  return home;
}

/**
 * The package's own fonts.conf names Lambda's folders. This one names its fonts where they were
 * unpacked, and the machine's: without a font for a character, this build aborts (its font manager
 * cannot look for a fallback), and GraphiQL shows a few symbols (⌘) that the package's Open Sans lacks.
 */
const fontConfig = (home: string) => `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${path.join(home, 'fonts', 'fonts')}</dir>
  <dir>/usr/share/fonts</dir>
  <cachedir>${path.join(home, 'fontconfig-cache')}</cachedir>
</fontconfig>
`;

/** Launches Chromium headless; no browser fails the test, it never skips it. */
export async function launchChromium(): Promise<Browser> {
  const system = existsSync(SYSTEM_CHROMIUM) && !process.env.FLOWGATE_TEST_PACKAGED_CHROMIUM;
  const home = system ? undefined : await unpackedPackagedChromium();
  return chromium.launch({
    executablePath: home ? path.join(home, 'chromium') : SYSTEM_CHROMIUM,
    env: home ? { ...process.env, FONTCONFIG_FILE: path.join(home, 'fonts.conf') } : undefined,
    args: ['--headless', '--no-sandbox', '--no-zygote', '--disable-gpu', '--disable-quic', '--no-first-run',
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
