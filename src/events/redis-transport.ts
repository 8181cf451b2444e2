import type { Redis } from '../runtime/redis.js';
import type { EventTransport } from './gateway-event.js';

/**
 * Redis pub/sub on one channel. Subscribing takes a connection of its own (`duplicate()`), which
 * node-redis reconnects and re-subscribes by itself; its losses and returns become bus statuses.
 * Publishing uses the shared client, which fails fast while Redis is away.
 */
export function redisTransport(redis: Redis, channel: string): EventTransport {
  // Unlike the shared client, this one queues while offline: the SUBSCRIBE sent at start-up waits
  // for a Redis that is not there yet instead of failing.
  const subscriber = redis.duplicate({ disableOfflineQueue: false });
  return {
    kind: 'redis',
    async start({ message, status }) {
      subscriber.on('error', () => status('interrupted'));
      subscriber.on('reconnecting', () => status('interrupted'));
      subscriber.on('ready', () => status('resumed'));
      // node-redis replays subscriptions after a reconnect. Start-up does not wait for an absent Redis.
      const subscribed = subscriber.connect().then(() => subscriber.subscribe(channel, message));
      await Promise.race([subscribed.catch(() => status('interrupted')), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
    async send(text) {
      await redis.publish(channel, text);
    },
    async close() {
      subscriber.destroy();
    },
  };
}
