/**
 * src/http/routes/: plain HTTP routes beside /graphql (health, readiness, metrics). They read db/ and
 * runtime/, never GraphQL.
 */
import { Router } from 'express';
import type { Database } from '../../db/database.js';
import { redisAnswers, type Redis } from '../../runtime/redis.js';
import type { Drain } from '../drain.js';

/** How long /readyz waits for a dependency before calling it unreachable. */
const CHECK_TIMEOUT_MS = 2_000;

async function answers(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  const outcome = check().then(
    (result) => result !== false,
    () => false,
  );
  return Promise.race([outcome, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Liveness says the process answers; readiness says its dependencies do, naming any that does not.
 * A draining gateway is not ready whatever its dependencies say, and says so without asking them.
 */
export function healthRoutes(database: Database, redis?: Redis, drain?: Drain): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (drain?.active) {
      res.status(503).json({ status: 'shutting down' });
      return;
    }
    const [databaseUp, redisUp] = await Promise.all([
      answers(() => database.driver.query('SELECT 1')),
      redis ? answers(() => redisAnswers(redis)) : Promise.resolve(undefined),
    ]);
    const ready = databaseUp && redisUp !== false;
    const report: Record<string, string> = { status: ready ? 'ok' : 'unavailable', database: databaseUp ? 'ok' : 'unreachable' };
    if (redisUp !== undefined) report.redis = redisUp ? 'ok' : 'unreachable';
    res.status(ready ? 200 : 503).json(report);
  });
  return router;
}
