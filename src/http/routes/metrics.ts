import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Registry } from 'prom-client';

export interface MetricsRouteOptions {
  /** METRICS_TOKEN: when set, only `Authorization: Bearer <token>` may read the metrics. */
  token?: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares digests, which always have the same length, so the time taken says nothing about the token. */
function presentsToken(req: Request, expected: Buffer): boolean {
  const [scheme, offered] = (req.header('authorization') ?? '').split(' ', 2);
  return scheme?.toLowerCase() === 'bearer' && offered !== undefined && timingSafeEqual(digest(offered), expected);
}

/** GET /metrics in Prometheus' text format. */
export function metricsRoutes(registry: Registry, { token }: MetricsRouteOptions = {}): Router {
  const expected = token === undefined ? undefined : digest(token);
  const router = Router();
  router.get('/metrics', async (req, res, next) => {
    if (expected && !presentsToken(req, expected)) {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer realm="metrics"').type('text/plain').send('metrics need Authorization: Bearer <METRICS_TOKEN>\n');
      return;
    }
    try {
      const text = await registry.metrics();
      res.type(registry.contentType).send(text);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
