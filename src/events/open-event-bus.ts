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

/** Redis when configured (shared by every replica), else LISTEN/NOTIFY on PostgreSQL, else in process. */
export function openEventBus(options: { config: Config; database: Database; redis?: Redis; logger: Logger }): Promise<EventBus> {
  const { config, database, redis, logger } = options;
  const transport = redis
    ? redisTransport(redis, `${config.redisPrefix}events`)
    : database.driver.kind === 'postgres' && config.database.url
      ? postgresTransport(config.database.url, POSTGRES_CHANNEL, (sql, params) => database.driver.query(sql, params))
      : inProcessTransport();
  return new EventBus(transport, logger).start();
}
