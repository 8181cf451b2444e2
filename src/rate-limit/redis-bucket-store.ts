import { createHash } from 'node:crypto';
import type { Redis } from '../runtime/redis.js';
import { MemoryBucketStore, type BucketLimit, type BucketStore, type TakeResult } from './bucket-store.js';

/**
 * One atomic step of a token bucket, on Redis' clock so replicas with skewed clocks agree. The
 * bucket is a hash {tokens, at}; it expires once it would be full again (debt included), so idle
 * identities cost no memory. Allowed while it holds a token; then `cost` tokens are taken (see
 * BucketStore.take). Returns {allowed (0/1), milliseconds until the next token}.
 */
const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local cost = tonumber(ARGV[3]) or 1
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * per_ms)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - math.min(tokens, 0)) / per_ms) + 1000)
local wait = 0
if allowed == 0 then wait = math.ceil((1 - tokens) / per_ms) end
return { allowed, wait }
`;
const TAKE_SHA = createHash('sha1').update(TAKE_SCRIPT).digest('hex');

export interface RedisBucketStoreOptions {
  /** Namespaces the buckets (tests use one per run). */
  keyPrefix?: string;
  /** A Redis that does not answer within this long counts as away for this request. */
  timeoutMs?: number;
  /** Where buckets live while Redis is away. */
  fallback?: BucketStore;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Buckets shared by every replica through Redis. While Redis is away (the shared client fails
 * fast, and logs the outage once) each replica limits on its own with in-process buckets, so no
 * request fails because of Redis; the budget is then per replica until Redis returns.
 */
export class RedisBucketStore implements BucketStore {
  private readonly keyPrefix: string;
  private readonly timeoutMs: number;
  private readonly fallback: BucketStore;

  constructor(
    private readonly redis: Redis,
    { keyPrefix = 'flowgate:rate:', timeoutMs = 250, fallback = new MemoryBucketStore() }: RedisBucketStoreOptions = {},
  ) {
    this.keyPrefix = keyPrefix;
    this.timeoutMs = timeoutMs;
    this.fallback = fallback;
  }

  async take(key: string, limit: BucketLimit, cost = 1): Promise<TakeResult> {
    try {
      const [allowed, waitMs] = await within(this.run(this.keyPrefix + key, limit, cost), this.timeoutMs);
      return { allowed: allowed === 1, retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(waitMs / 1000)) };
    } catch {
      return this.fallback.take(key, limit, cost);
    }
  }

  private async run(key: string, limit: BucketLimit, cost: number): Promise<[number, number]> {
    const options = { keys: [key], arguments: [String(limit.capacity), String(limit.refillPerSecond / 1000), String(cost)] };
    try {
      return (await this.redis.evalSha(TAKE_SHA, options)) as [number, number];
    } catch (error) {
      if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
      return (await this.redis.eval(TAKE_SCRIPT, options)) as [number, number];
    }
  }
}
