import { Counter, Gauge, type Registry } from 'prom-client';
import type { Config } from '../config.js';
import { createPrismaClient, type PrismaClient } from './client.js';
import { openDriver, type Driver } from './driver.js';
import { lsnOrder, type WrittenPositions } from './written-positions.js';

/**
 * DESIGN — read replicas with read-your-writes (SPEC §11; README "Scaling out").
 *
 * A query operation (never a mutation, never a subscription's re-read of an event) runs its whole
 * request session on a streaming standby, under the same role and RLS settings (a physical standby
 * holds the same roles and policies). Which standby: one that answered the last probe, lags by at
 * most DATABASE_REPLICA_MAX_LAG_MS, and has replayed past the WAL position of the actor's last
 * committed mutation (written-positions.ts); among those, the next in turn. None: the primary.
 *
 * The probe asks every standby, each PROBE_MS, for `pg_last_wal_replay_lsn()` and, when it is behind
 * the primary's `pg_current_wal_lsn()`, for how long ago it replayed its last transaction — its lag.
 * A standby caught up with the primary lags 0 however long ago its last transaction was. A replay
 * position only grows, so the last probed one is a safe lower bound for read-your-writes.
 *
 * Why not @prisma/extension-read-replicas: it routes each Prisma *operation* (`findMany` to a replica,
 * `create` and every `$transaction` to the primary) and knows nothing of WAL positions; a request
 * session here is one interactive transaction holding all of a request's reads, which the extension
 * always sends to the primary, and nothing in it could keep an actor's reads after their write.
 */

const PROBE_MS = 250;

interface Standby {
  name: string;
  driver: Driver;
  base: PrismaClient;
  /** What request sessions open on: this standby, or the primary once the probe finds it away. */
  reader: PrismaClient;
  up: boolean;
  replayed: string | null;
  lagMs: number;
}

/**
 * A standby's client whose transactions open on the primary while the probe finds the standby away:
 * a read that met the standby going away is run again (database-away.ts) and lands on the primary,
 * which is always right for read-your-writes.
 */
function fallingBack(standby: Standby, primary: PrismaClient): PrismaClient {
  return new Proxy(standby.base, {
    get: (target, name, receiver) =>
      name === '$transaction' ? (...args: unknown[]) => ((standby.up ? target : primary).$transaction as (...a: unknown[]) => unknown)(...args) : Reflect.get(target, name, receiver),
  });
}

export interface ReplicaMetrics {
  reads: Counter<'target'>;
  fallbacks: Counter<'reason'>;
}

export class ReplicaSet {
  private turn = 0;
  private primaryAt: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<void> = Promise.resolve();
  private metrics: ReplicaMetrics | undefined;

  private constructor(
    private readonly primary: Driver,
    private readonly standbys: Standby[],
    private readonly maxLagMs: number,
    private readonly written: WrittenPositions,
  ) {}

  static async open(database: Config['database'], primary: { driver: Driver; base: PrismaClient }, written: WrittenPositions): Promise<ReplicaSet | undefined> {
    const urls = database.replicaUrls ?? [];
    if (urls.length === 0) return undefined;
    const standbys = await Promise.all(
      urls.map(async (url, index) => {
        const driver = await openDriver({ ...database, url });
        const standby = { name: `replica${index + 1}`, driver, base: createPrismaClient(driver), up: false, replayed: null, lagMs: Infinity } as Standby;
        standby.reader = fallingBack(standby, primary.base);
        return standby;
      }),
    );
    const set = new ReplicaSet(primary.driver, standbys, database.replicaMaxLagMs ?? 5_000, written);
    await set.probe();
    // One probe at a time: a standby that does not answer may take the connect timeout to say so.
    set.timer = setInterval(() => void (set.probing = set.probing.then(() => set.probe())), PROBE_MS);
    set.timer.unref();
    return set;
  }

  /** Reads per target, fallbacks to the primary and each standby's lag, on the server's registry. */
  register(registry: Registry): void {
    const registers = [registry];
    this.metrics = {
      reads: new Counter({ name: 'flowgate_db_reads_total', help: 'Query operations by where they ran (primary or a replica)', labelNames: ['target'], registers }),
      fallbacks: new Counter({ name: 'flowgate_db_replica_fallbacks_total', help: 'Query operations sent to the primary although replicas are configured, by reason', labelNames: ['reason'], registers }),
    };
    const standbys = this.standbys;
    new Gauge({
      name: 'flowgate_db_replica_lag_ms',
      help: 'How far each replica is behind the primary, in milliseconds (-1: not answering)',
      labelNames: ['replica'],
      registers,
      collect() {
        for (const standby of standbys) this.set({ replica: standby.name }, standby.up ? standby.lagMs : -1);
      },
    });
  }

  /**
   * Where a query operation of `actor` reads: a standby's login-role client, or undefined for the
   * primary (no standby answers, lags too far, or has not replayed the actor's last write yet).
   */
  async readerFor(actor: string | null): Promise<PrismaClient | undefined> {
    const needed = actor ? await this.written.get(actor) : null;
    const usable = this.standbys.filter((standby) => standby.up && standby.lagMs <= this.maxLagMs);
    const fit = usable.filter((standby) => needed === null || (standby.replayed !== null && lsnOrder(standby.replayed, needed) >= 0));
    if (fit.length === 0) {
      this.metrics?.fallbacks.inc({ reason: usable.length === 0 ? 'no_replica' : 'read_your_writes' });
      this.metrics?.reads.inc({ target: 'primary' });
      return undefined;
    }
    const chosen = fit[this.turn++ % fit.length]!;
    this.metrics?.reads.inc({ target: chosen.name });
    return chosen.reader;
  }

  /** After an actor's mutation committed: its later reads go where that commit is visible. */
  async wrote(actor: string | null): Promise<void> {
    if (!actor) return;
    const [row] = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    await this.written.raise(actor, row!.lsn);
  }

  private async probe(): Promise<void> {
    const [row] = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn').catch(() => [undefined]);
    if (row) this.primaryAt = row.lsn;
    await Promise.all(this.standbys.map((standby) => this.probeStandby(standby)));
  }

  private async probeStandby(standby: Standby): Promise<void> {
    try {
      const [row] = await standby.driver.query<{ replayed: string | null; since_ms: number | null }>(
        `SELECT pg_last_wal_replay_lsn()::text AS replayed,
                (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS since_ms`,
      );
      standby.up = row!.replayed !== null; // null: not a standby (or not replaying): never read there
      standby.replayed = row!.replayed;
      const caughtUp = this.primaryAt !== null && row!.replayed !== null && lsnOrder(row!.replayed, this.primaryAt) >= 0;
      standby.lagMs = caughtUp ? 0 : Math.max(0, row!.since_ms ?? Infinity);
    } catch {
      standby.up = false;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.probing;
    await Promise.all(this.standbys.map(async (standby) => {
      await standby.base.$disconnect();
      await standby.driver.close();
    }));
  }
}
