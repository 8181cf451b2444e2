import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Redis } from '../runtime/redis.js';

/** Namespaced so Flowgate can share a Redis with other software; Apollo adds `apq:` after it. */
const PREFIX = 'flowgate:';

/** The in-process cache's bound: queries are small, but a client can register as many as it likes. */
const LOCAL_MAX_BYTES = 32 * 1024 * 1024;

/**
 * The automatic-persisted-query cache. With Redis, every replica shares it; while Redis is away
 * (commands fail fast), reads and writes go to the process's own bounded LRU, so a request never
 * fails because of Redis — at worst a client re-sends its query text once.
 */
export class ApqCache implements KeyValueCache<string> {
  private readonly local = new InMemoryLRUCache<string>({ maxSize: LOCAL_MAX_BYTES });

  constructor(private readonly redis?: Redis) {}

  async get(key: string): Promise<string | undefined> {
    if (this.redis) {
      try {
        const value = await this.redis.get(PREFIX + key);
        if (value !== null) return value;
      } catch {
        // Redis is away: fall through to the local copy.
      }
    }
    return this.local.get(key);
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await this.local.set(key, value, options);
    if (!this.redis) return;
    try {
      await this.redis.set(PREFIX + key, value, options?.ttl ? { EX: options.ttl } : undefined);
    } catch {
      // Kept locally; another replica will ask its client for the text once.
    }
  }

  async delete(key: string): Promise<boolean | void> {
    await this.local.delete(key);
    await this.redis?.del(PREFIX + key).catch(() => undefined);
  }
}
