import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Redis } from '../runtime/redis.js';

/** The in-process cache's bound: queries are small, but a client can register as many as it likes. */
const LOCAL_MAX_BYTES = 32 * 1024 * 1024;

export interface ApqCacheOptions {
  /** REDIS_PREFIX: namespaces the keys so deployments can share a Redis; Apollo adds `apq:` after it. */
  prefix?: string;
}

/**
 * The automatic-persisted-query cache. With Redis, every replica shares it; while Redis is away
 * (commands fail fast), reads and writes go to the process's own bounded LRU, so a request never
 * fails because of Redis — at worst a client re-sends its query text once. Entries expire after
 * the TTL Apollo passes from `persistedQueries.ttl` (APQ_TTL_SECONDS), in Redis and locally alike,
 * so registered queries cannot grow a shared Redis without bound.
 */
export class ApqCache implements KeyValueCache<string> {
  private readonly local = new InMemoryLRUCache<string>({ maxSize: LOCAL_MAX_BYTES });
  private readonly prefix: string;
  /** Writes under way, by key: Apollo starts a registration's write without waiting for it. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(private readonly redis?: Redis, { prefix = 'flowgate:' }: ApqCacheOptions = {}) {
    this.prefix = prefix;
  }

  async get(key: string): Promise<string | undefined> {
    if (this.redis) {
      try {
        const value = await this.redis.get(this.prefix + key);
        if (value !== null) return value;
      } catch {
        // Redis is away: fall through to the local copy.
      }
    }
    return this.local.get(key);
  }

  set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const write = this.write(key, value, options).finally(() => {
      if (this.writing.get(key) === write) this.writing.delete(key);
    });
    this.writing.set(key, write);
    return write;
  }

  /**
   * Resolves once the write of `key` under way (if any) has reached Redis, or given up on it. A
   * client behind a load balancer sends its next request by hash to any replica as soon as it has
   * the registering response, so that response must wait for this.
   */
  async stored(key: string): Promise<void> {
    await this.writing.get(key);
  }

  private async write(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await this.local.set(key, value, options);
    if (!this.redis) return;
    try {
      await this.redis.set(this.prefix + key, value, options?.ttl ? { EX: options.ttl } : undefined);
    } catch {
      // Kept locally; another replica will ask its client for the text once.
    }
  }

  async delete(key: string): Promise<boolean | void> {
    await this.local.delete(key);
    await this.redis?.del(this.prefix + key).catch(() => undefined);
  }
}
