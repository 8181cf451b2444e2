import { AdmissionRefused } from '../admission/refusal.js';

interface Holder {
  held: number;
  waiting: Array<() => void>;
}

/**
 * DESIGN — the database share (TENANT_MAX_CONNECTIONS, SPEC §11). At most `max` of a replica's
 * pooled connections serve one organization at once; its other sessions wait behind its own, in
 * order, before they ask the pool, so they never take a connection another organization is waiting
 * for. No deadlock: a request holds at most one connection at any moment (request-session.ts) and
 * takes its place here before, and gives it back after, that connection. A place that does not come
 * within `waitMs` (the acquire timeout) is RATE_LIMITED for that organization alone. Keys are the
 * admission lanes' (`org:<id>`, `person:<id>`); a null key (no organization) is not bounded here.
 */
export class TenantConnections {
  private readonly holders = new Map<string, Holder>();

  constructor(
    private readonly max: number,
    private readonly waitMs: number,
  ) {}

  async hold<T>(key: string | null, use: () => Promise<T>): Promise<T> {
    if (key === null) return use();
    await this.take(key);
    try {
      return await use();
    } finally {
      this.give(key);
    }
  }

  /** Connections held now, per key: for tests and the metrics. */
  held(key: string): number {
    return this.holders.get(key)?.held ?? 0;
  }

  private take(key: string): Promise<void> {
    let holder = this.holders.get(key);
    if (!holder) this.holders.set(key, (holder = { held: 0, waiting: [] }));
    if (holder.held < this.max) {
      holder.held += 1;
      return Promise.resolve();
    }
    const waiting = holder.waiting;
    return new Promise<void>((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer);
        resolve(); // `give` passed its place on: `held` is unchanged
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(turn), 1);
        reject(new AdmissionRefused('connections busy'));
      }, this.waitMs);
      timer.unref(); // the request waiting keeps the process alive through its socket, not through this timer
      waiting.push(turn);
    });
  }

  private give(key: string): void {
    const holder = this.holders.get(key)!;
    const next = holder.waiting.shift();
    if (next) return next();
    holder.held -= 1;
    if (holder.held === 0) this.holders.delete(key);
  }
}
