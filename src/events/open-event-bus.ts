import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Redis } from '../runtime/redis.js';
import { EventBus } from './event-bus.js';
import { inProcessTransport } from './in-process-transport.js';
import { postgresTransport } from './postgres-transport.js';
import { redisTransport } from './redis-transport.js';

/** The LISTEN/NOTIFY channel; one database is one deployment, so it needs no prefix. */
const POSTGRES_CHANNEL = 'flowgate_events';

/**
 * LISTEN needs a session of its own, which a transaction-mode pooler (PgBouncer) does not keep: behind
 * one, notifications would go to whichever client last borrowed the server connection. Without a
 * direct DATABASE_LISTEN_URL, a gateway that looks pooled (no named statements, as behind PgBouncer
 * < 1.21) says so at start-up.
 */
function listenUrl(config: Config, logger: Logger): string {
  const { url, listenUrl: direct, preparedStatements } = config.database;
  if (!direct && !preparedStatements) {
    logger.warn(
      'subscription events use LISTEN on DATABASE_URL; a transaction-mode pooler (PgBouncer) cannot carry LISTEN: ' +
        'set DATABASE_LISTEN_URL to a direct connection to the primary, or REDIS_URL',
    );
  }
  return direct ?? url!;
}

/** Redis when configured (shared by every replica), else LISTEN/NOTIFY on PostgreSQL, else in process. */
export function openEventBus(options: { config: Config; database: Database; redis?: Redis; logger: Logger }): Promise<EventBus> {
  const { config, database, redis, logger } = options;
  const transport = redis
    ? redisTransport(redis, `${config.redisPrefix}events`)
    : database.driver.kind === 'postgres' && config.database.url
      ? postgresTransport(listenUrl(config, logger), POSTGRES_CHANNEL, (sql, params) => database.driver.query(sql, params))
      : inProcessTransport();
  return new EventBus(transport, logger).start();
}
