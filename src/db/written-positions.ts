import type { Redis } from '../runtime/redis.js';

/**
 * The WAL position of each actor's last committed mutation (replicas.ts): shared by every gateway
 * replica through Redis, so an actor whose write went through one gateway reads it through any
 * other; in process without Redis, which is sound for a single gateway only (README "Scaling out").
 * A position only ever rises: of two mutations finishing at once, the later position stays.
 */
export interface WrittenPositions {
  get(actor: string): Promise<string | null>;
  raise(actor: string, lsn: string): Promise<void>;
}

/** `X/Y` (two hex numbers) as one fixed-width hex string, so that string order is WAL order. */
function sortable(lsn: string): string {
  const [high = '0', low = '0'] = lsn.split('/');
  return high.padStart(8, '0').toUpperCase() + low.padStart(8, '0').toUpperCase();
}

/** Negative, zero or positive as WAL position `a` is before, at or after `b`. */
export function lsnOrder(a: string, b: string): number {
  const [x, y] = [sortable(a), sortable(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * How long a position is kept: far beyond any lag a standby is still read at (a standby lagging
 * more is skipped anyway), so a forgotten position can no longer matter.
 */
const KEEP_SECONDS = 3_600;

export class MemoryWrittenPositions implements WrittenPositions {
  private readonly positions = new Map<string, { lsn: string; until: number }>();

  async get(actor: string): Promise<string | null> {
    const entry = this.positions.get(actor);
    if (!entry || entry.until < Date.now()) return null;
    return entry.lsn;
  }

  async raise(actor: string, lsn: string): Promise<void> {
    const current = await this.get(actor);
    if (current !== null && lsnOrder(current, lsn) >= 0) return;
    // Insertion order is age order: drop expired entries from the front so the map stays bounded.
    this.positions.delete(actor);
    this.positions.set(actor, { lsn, until: Date.now() + KEEP_SECONDS * 1000 });
    for (const [key, entry] of this.positions) {
      if (entry.until >= Date.now()) break;
      this.positions.delete(key);
    }
  }
}

/** Sets the key to the larger of its value and ARGV[1] (both fixed-width hex), in one step. */
const RAISE = `local current = redis.call('GET', KEYS[1])
if (not current) or current < ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 1`;

/** A position no standby has replayed: while Redis is away, an actor's reads go to the primary. */
const UNKNOWN = 'FFFFFFFF/FFFFFFFF';

export class RedisWrittenPositions implements WrittenPositions {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(actor: string): Promise<string | null> {
    const value = await this.redis.get(`${this.prefix}lsn:${actor}`).catch(() => UNKNOWN.replace('/', ''));
    return value === null ? null : `${value.slice(0, 8)}/${value.slice(8)}`;
  }

  async raise(actor: string, lsn: string): Promise<void> {
    await this.redis.eval(RAISE, { keys: [`${this.prefix}lsn:${actor}`], arguments: [sortable(lsn), String(KEEP_SECONDS)] }).catch(() => undefined);
  }
}
