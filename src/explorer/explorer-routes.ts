/**
 * src/explorer/: the offline explorer page and its assets, served from node_modules. Express routes
 * and static text only; it reads no GraphQL schema.
 */
import { Router, type Request, type Response } from 'express';
import { ASSETS_PATH, explorerAssets, type ExplorerAsset } from './explorer-assets.js';
import { EXPLORER_CSP, renderExplorerPage } from './explorer-page.js';
import { fromThisMachine } from './loopback.js';

export interface ExplorerOptions {
  /** Where GraphQL is served; the page is served there too, to browsers. */
  endpoint?: string;
  /**
   * Prefilled in GraphiQL's headers editor, e.g. a demo bearer token and `x-organization-id`;
   * asked for on every page load, so a token minted there is fresh each time the page opens, and
   * again at REFRESH_PATH by an open page before its token expires. Only for development, and only
   * for requests from this machine: the page embeds them, so it is sent with `Cache-Control: no-store`.
   */
  defaultHeaders?: () => Promise<Record<string, string> | undefined>;
}

/** Types GraphQL clients ask for; a browser's navigation prefers text/html over all of them. */
/** Where an open explorer page renews its prefilled headers. */
export const REFRESH_PATH = '/explorer/headers';

const GRAPHQL_TYPES = ['application/json', 'application/graphql-response+json', 'multipart/mixed'];

export const prefersHtml = (req: Request) => req.accepts([...GRAPHQL_TYPES, 'text/html']) === 'text/html';


function setSecurityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', EXPLORER_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

function sendAsset(req: Request, res: Response, asset: ExplorerAsset): void {
  const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
  res.setHeader('Content-Type', asset.contentType);
  res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  res.setHeader('ETag', `"${asset.fingerprint}"`);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.end(gzip ? asset.gzipped : asset.body);
}

/**
 * The offline explorer: GraphiQL at GET `endpoint` for requests that prefer HTML, and its assets
 * under /explorer/assets, all from node_modules. Every other request to `endpoint` goes on to
 * Apollo. Mount it before the GraphQL middleware, and only when the explorer is enabled.
 */
export function explorerRoutes({ endpoint = '/graphql', defaultHeaders }: ExplorerOptions = {}): Router {
  const assets = explorerAssets();
  const router = Router();

  router.get(endpoint, async (req, res, next) => {
    if (!prefersHtml(req)) return next();
    try {
      const headers = defaultHeaders && fromThisMachine(req) ? await defaultHeaders() : undefined;
      setSecurityHeaders(res);
      res.setHeader('Vary', 'Accept');
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(renderExplorerPage(assets(), { endpoint, headers, refreshUrl: REFRESH_PATH }));
    } catch (error) {
      next(error);
    }
  });

  // Same-origin fetches only: a page on another local origin (allowed by the development CORS
  // default) must not read the demo token, and browsers say where a fetch comes from.
  router.get(REFRESH_PATH, async (req, res, next) => {
    const fromThePage = (req.headers['sec-fetch-site'] ?? 'same-origin') === 'same-origin';
    if (!defaultHeaders || !fromThisMachine(req) || !fromThePage) return next();
    try {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.json({ headers: (await defaultHeaders()) ?? {} });
    } catch (error) {
      next(error);
    }
  });

  router.get(`${ASSETS_PATH}/:fingerprint/:name`, (req, res, next) => {
    const asset = assets().get(req.params.name);
    if (!asset || asset.fingerprint !== req.params.fingerprint) return next();
    sendAsset(req, res, asset);
  });

  return router;
}
