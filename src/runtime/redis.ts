import { createClient, type RedisClientType } from 'redis';
import type { Logger } from 'pino';

/**
 * The shared Redis connection (persisted queries, rate limits). Commands fail fast while Redis is
 * away instead of queueing, so callers can fall back to in-process state; the client keeps
 * reconnecting in the background and the outage is logged once, not once per request.
 */
export type Redis = RedisClientType;

export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  let down = false;
  const client: Redis = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) },
  });
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: { message: error.message } }, 'redis unavailable: using in-process fallbacks until it returns');
  });
  client.on('ready', () => {
    if (down) logger.info('redis is back');
    down = false;
  });
  // Start-up does not wait for an absent Redis: the gateway serves with in-process fallbacks and
  // the client connects in the background when Redis appears.
  const connecting = client.connect().catch(() => undefined);
  await Promise.race([connecting, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
  return client;
}

/** True while Redis answers: what /readyz reports. */
export async function redisAnswers(client: Redis): Promise<boolean> {
  try {
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  }
}
