import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/**
 * The README test's stand-in for the user's checkout: a directory whose entries are links to the
 * real checkout's, so `npm run …`, `node -p "require('./operations/…')"` and the CLI work as in the
 * checkout, while a file a block writes in its working directory is written here instead.
 * `.git` and the embedded database's state (`.flowgate`) are not linked: the blocks get their own.
 */
const NOT_LINKED = new Set(['.git', '.flowgate']);

export function linkCheckout(checkout: string, into: string): string {
  mkdirSync(into, { recursive: true });
  for (const name of readdirSync(checkout)) {
    if (!NOT_LINKED.has(name)) symlinkSync(path.join(checkout, name), path.join(into, name));
  }
  return into;
}

/**
 * The names in the checkout a README block could create or remove (its top level and operations/),
 * leaving out what the user's own install, build and `npm start` create while the suite runs.
 */
const MADE_BY_THE_USERS_OWN_RUNS = new Set(['node_modules', 'dist', '.flowgate', 'test-output']);

export function checkoutListing(checkout: string): { top: string[]; operations: string[] } {
  const names = (dir: string) => readdirSync(dir).filter((name) => !MADE_BY_THE_USERS_OWN_RUNS.has(name)).sort();
  return { top: names(checkout), operations: names(path.join(checkout, 'operations')) };
}

/**
 * Listens on `port` (as `npm start` does, on 127.0.0.1) when nobody does, so the README test runs the
 * same way whether or not the user's `npm start` holds it. Resolves to the function that lets it go.
 */
export function holdPortIfFree(port: number): Promise<() => Promise<void>> {
  return new Promise((resolve) => {
    const holder = createServer((socket) => socket.destroy());
    holder.once('error', () => resolve(async () => undefined));
    holder.listen(port, '127.0.0.1', () => resolve(() => new Promise((closed) => holder.close(() => closed()))));
  });
}
