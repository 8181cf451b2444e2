/**
 * src/rate-limit/: token buckets per person, API key and anonymous address, in process or in Redis; one
 * concern that both transports call. Imports auth/actor.ts, graphql/errors.ts and runtime/; never Express.
 */
import { HeaderMap } from '@apollo/server';
import type { Actor } from '../auth/actor.js';
import { AppError, ErrorCode } from '../graphql/errors.js';
import { MemoryBucketStore, type BucketLimit, type BucketStore } from './bucket-store.js';

export interface RateLimitOptions {
  /** In process by default; a RedisBucketStore shares the budget between replicas. */
  store?: BucketStore;
  /** Requests per minute for a person, and for each anonymous IP address. */
  userPerMinute?: number;
  /** Requests per minute for an API key. */
  apiKeyPerMinute?: number;
}

/** The request's context, created with its actor (or a failure to authenticate). */
export type LimitRate = <C extends { actor: Actor | null }>(ip: string | undefined, createContext: () => Promise<C>) => Promise<C>;

const perMinute = (requests: number): BucketLimit => ({ capacity: requests, refillPerSecond: requests / 60 });

function rateLimited(retryAfterSeconds: number): AppError {
  return new AppError(ErrorCode.RATE_LIMITED, `Too many requests: retry in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
  });
}

/**
 * Token buckets per person, per API key, and per IP address for anonymous requests. It wraps
 * authentication (src/http/middleware/authentication.ts): the earliest point where the actor is
 * known, before the body is even parsed, so a flood costs one bucket check per request. (An Apollo plugin could refuse only
 * after parsing and validation, and never sees requests whose document is invalid.) A request
 * whose credentials are refused is charged to its IP address, then gets its UNAUTHENTICATED.
 * Over the budget: RATE_LIMITED, HTTP 429, `Retry-After` and `extensions.retryAfterSeconds`.
 */
export function rateLimit({ store = new MemoryBucketStore(), userPerMinute = 600, apiKeyPerMinute = 1200 }: RateLimitOptions = {}): LimitRate {
  const userLimit = perMinute(userPerMinute);
  const apiKeyLimit = perMinute(apiKeyPerMinute);

  async function charge(key: string, limit: BucketLimit): Promise<void> {
    const { allowed, retryAfterSeconds } = await store.take(key, limit);
    if (!allowed) throw rateLimited(retryAfterSeconds);
  }

  return async (ip, createContext) => {
    const anonymousKey = `ip:${ip ?? 'unknown'}`;
    let context;
    try {
      context = await createContext();
    } catch (error) {
      await charge(anonymousKey, userLimit);
      throw error;
    }
    const { actor } = context;
    if (actor?.kind === 'apiKey') await charge(`apiKey:${actor.apiKeyId}`, apiKeyLimit);
    else if (actor?.kind === 'user') await charge(`user:${actor.userId}`, userLimit);
    else await charge(anonymousKey, userLimit);
    return context;
  };
}
