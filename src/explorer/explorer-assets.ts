import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXPLORER_SCRIPT, EXPLORER_STYLES } from './explorer-client.js';

/**
 * The explorer's static files, read from node_modules (never a CDN) so the page works offline.
 * Each is served under a content fingerprint, so browsers may cache it for a year and still pick up
 * an upgrade at once; the body is gzipped once, because graphiql.min.js is 3.5 MB of unminified code
 * that compresses to a fifth of that.
 */

export interface ExplorerAsset {
  /** The file name the page refers to, e.g. `graphiql.min.js`. */
  name: string;
  contentType: string;
  /** Short content hash: the path segment that makes the URL immutable. */
  fingerprint: string;
  /** `/explorer/assets/<fingerprint>/<name>` */
  url: string;
  body: Buffer;
  gzipped: Buffer;
}

export const ASSETS_PATH = '/explorer/assets';

const require = createRequire(import.meta.url);

/** React exports no `umd/` subpath, so files are located from each package's root. */
function packageFile(pkg: string, file: string): string {
  const full = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
  if (!existsSync(full)) {
    throw new Error(`The explorer needs ${pkg}/${file}; install the pinned versions (React 18, GraphiQL 3.8 ship UMD builds).`);
  }
  return full;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

interface Source {
  name: string;
  contentType: string;
  read: () => Buffer;
}

function locateSources(): Source[] {
  const fromPackage = (pkg: string, file: string) => {
    const full = packageFile(pkg, file);
    return () => readFileSync(full);
  };
  return [
    { name: 'react.production.min.js', contentType: JS, read: fromPackage('react', 'umd/react.production.min.js') },
    { name: 'react-dom.production.min.js', contentType: JS, read: fromPackage('react-dom', 'umd/react-dom.production.min.js') },
    { name: 'graphiql.min.js', contentType: JS, read: fromPackage('graphiql', 'graphiql.min.js') },
    { name: 'graphql-ws.min.js', contentType: JS, read: fromPackage('graphql-ws', 'umd/graphql-ws.min.js') },
    { name: 'graphiql.min.css', contentType: CSS, read: fromPackage('graphiql', 'graphiql.min.css') },
    { name: 'explorer.css', contentType: CSS, read: () => Buffer.from(EXPLORER_STYLES) },
    { name: 'explorer.js', contentType: JS, read: () => Buffer.from(EXPLORER_SCRIPT) },
  ];
}

/** Drops the trailing source-map comment: the maps are not served, so devtools would only 404 on them. */
function withoutSourceMapComment(body: Buffer): Buffer {
  return Buffer.from(body.toString('utf8').replace(/\n\/[/*]# sourceMappingURL=\S+\s*(\*\/)?\s*$/, '\n'));
}

function toAsset(source: Source): ExplorerAsset {
  const body = withoutSourceMapComment(source.read());
  const fingerprint = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return {
    name: source.name,
    contentType: source.contentType,
    fingerprint,
    url: `${ASSETS_PATH}/${fingerprint}/${source.name}`,
    body,
    gzipped: gzipSync(body, { level: 9 }),
  };
}

/**
 * Locates every asset now, so a missing package stops start-up, and reads and compresses them on
 * first use (about 4 MB and 150 ms), so servers whose explorer nobody opens pay nothing.
 */
export function explorerAssets(): () => Map<string, ExplorerAsset> {
  const sources = locateSources();
  let loaded: Map<string, ExplorerAsset> | undefined;
  return () => (loaded ??= new Map(sources.map((source) => [source.name, toAsset(source)])));
}
