/**
 * src/admission/: fair admission per organization (SPEC §11), one concern that the HTTP middleware
 * and the subscription re-reads both call. Imports graphql/errors.ts (through refusal.ts) and
 * db/privileged types only; never Express or graphql-ws.
 */
import { AdmissionRefused } from './refusal.js';

export interface FairQueueOptions {
  /** Requests running at once on this replica, all lanes together (ADMISSION_MAX_IN_FLIGHT). */
  maxInFlight: number;
  /** Requests running at once for one lane, an organization (TENANT_MAX_IN_FLIGHT). */
  maxInFlightPerTenant: number;
  /** Requests one lane may have waiting (TENANT_MAX_QUEUED); more are refused at once. */
  maxQueuedPerTenant: number;
  /** The longest a request waits for its turn (TENANT_MAX_WAIT_MS), then it is refused. */
  maxWaitMs: number;
}

/** An admitted request: `release()` gives its place back (idempotent); `waitedMs` is its time in the queue. */
export interface Ticket {
  waitedMs: number;
  release(): void;
}

interface Waiter {
  queuedAt: number;
  admit(): void;
}

interface Lane {
  inFlight: number;
  waiting: Waiter[];
  /** A lane's share of the replica when lanes compete: its plan's weight (lanes.ts). */
  weight: number;
}

/** What the queue looks like for one lane, for the metrics. */
export interface LaneLoad {
  lane: string;
  inFlight: number;
  queued: number;
}

/**
 * A bounded number of requests in flight per lane and in all; the rest wait in their own lane's
 * bounded queue. Freed capacity goes to the waiting lane that has the least running for its weight
 * (see leastServed), so a quiet lane's request is next as soon as anything frees up, never behind a
 * noisy lane's backlog. A lane is forgotten as soon as it has nothing running and nothing waiting.
 */
export class FairQueue {
  private readonly lanes = new Map<string, Lane>();
  /** Lanes with waiters, in the order they get their next turn among equally served lanes. */
  private readonly ring: string[] = [];
  private inFlight = 0;

  constructor(private readonly options: FairQueueOptions) {}

  /** Resolves when the request may run; rejects with AdmissionRefused when its lane is full or its wait too long. */
  admit(key: string, weight = 1, signal?: AbortSignal): Promise<Ticket> {
    const lane = this.laneOf(key, weight);
    if (lane.waiting.length === 0 && this.hasRoom(lane)) return Promise.resolve(this.start(key, lane, performance.now()));
    if (lane.waiting.length >= this.options.maxQueuedPerTenant) return Promise.reject(new AdmissionRefused('queue full'));
    return this.wait(key, lane, signal);
  }

  /** Lanes by load (running plus waiting), heaviest first. */
  loads(): LaneLoad[] {
    return [...this.lanes]
      .map(([lane, { inFlight, waiting }]) => ({ lane, inFlight, queued: waiting.length }))
      .sort((a, b) => b.inFlight + b.queued - (a.inFlight + a.queued));
  }

  private laneOf(key: string, weight: number): Lane {
    let lane = this.lanes.get(key);
    if (!lane) this.lanes.set(key, (lane = { inFlight: 0, waiting: [], weight }));
    lane.weight = weight;
    return lane;
  }

  private hasRoom(lane: Lane): boolean {
    return this.inFlight < this.options.maxInFlight && lane.inFlight < this.options.maxInFlightPerTenant;
  }

  private wait(key: string, lane: Lane, signal?: AbortSignal): Promise<Ticket> {
    return new Promise<Ticket>((resolve, reject) => {
      const leave = (reason: AdmissionRefused | Error) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        lane.waiting.splice(lane.waiting.indexOf(waiter), 1);
        this.forgetIfIdle(key, lane);
        reject(reason);
      };
      const onAbort = () => leave(new Error('The client went away while its request waited for admission'));
      const waiter: Waiter = {
        queuedAt: performance.now(),
        admit: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(this.start(key, lane, waiter.queuedAt));
        },
      };
      const timer = setTimeout(() => leave(new AdmissionRefused('waited too long')), this.options.maxWaitMs);
      timer.unref(); // a waiting request keeps the process alive through its socket, not through this timer
      signal?.addEventListener('abort', onAbort, { once: true });
      lane.waiting.push(waiter);
      if (lane.waiting.length === 1) this.ring.push(key);
    });
  }

  private start(key: string, lane: Lane, queuedAt: number): Ticket {
    lane.inFlight += 1;
    this.inFlight += 1;
    let released = false;
    return {
      waitedMs: performance.now() - queuedAt,
      release: () => {
        if (released) return;
        released = true;
        lane.inFlight -= 1;
        this.inFlight -= 1;
        this.forgetIfIdle(key, lane);
        this.handOut();
      },
    };
  }

  /** Gives free capacity to waiting lanes, one request at a time, each to the least served lane. */
  private handOut(): void {
    while (this.inFlight < this.options.maxInFlight) {
      const key = this.leastServed();
      if (key === undefined) return;
      const lane = this.lanes.get(key)!;
      lane.waiting.shift()!.admit();
      this.ring.splice(this.ring.indexOf(key), 1);
      if (lane.waiting.length > 0) this.ring.push(key);
    }
  }

  /**
   * The waiting lane with the fewest requests running for its weight, below its own bound; among
   * equals, the one whose turn came longest ago (the ring's order). A quiet lane therefore goes
   * before a busy lane's backlog, and over time lanes share the replica in proportion to weight.
   */
  private leastServed(): string | undefined {
    let best: string | undefined;
    let bestShare = Infinity;
    for (const key of this.ring) {
      const lane = this.lanes.get(key)!;
      const share = lane.inFlight / lane.weight;
      if (lane.inFlight < this.options.maxInFlightPerTenant && share < bestShare) [best, bestShare] = [key, share];
    }
    return best;
  }

  private forgetIfIdle(key: string, lane: Lane): void {
    if (lane.waiting.length > 0) return;
    const inRing = this.ring.indexOf(key);
    if (inRing >= 0) this.ring.splice(inRing, 1);
    if (lane.inFlight === 0) this.lanes.delete(key);
  }
}
