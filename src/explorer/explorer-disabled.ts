import { Router } from 'express';
import { prefersHtml } from './explorer-routes.js';

/** Plain HTML that loads nothing: the page needs no script, style or image. */
const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Flowgate: the explorer is off</title></head>
<body>
<h1>The GraphQL explorer is off</h1>
<p>This gateway does not serve the explorer: it is off by default in production (<code>NODE_ENV=production</code>).</p>
<p>To turn it on, start the gateway with <code>ENABLE_EXPLORER=true</code> (and <code>ENABLE_INTROSPECTION=true</code>,
which the explorer needs for its documentation and completion).</p>
<p>GraphQL itself is served here: send <code>POST</code> requests with a JSON body to this address.</p>
</body>
</html>
`;

/**
 * Where the explorer is disabled, a browser that opens /graphql gets a short page saying so and how
 * to enable it, instead of a bare GraphQL error about a missing query. Clients asking for JSON pass
 * on to GraphQL as usual.
 */
export function explorerDisabledRoute({ endpoint = '/graphql' }: { endpoint?: string } = {}): Router {
  const router = Router();
  router.get(endpoint, (req, res, next) => {
    if (!prefersHtml(req)) return next();
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Vary', 'Accept');
    res.status(404).type('html').send(PAGE);
  });
  return router;
}
