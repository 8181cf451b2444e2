import type { Authentication, Identified } from '../auth/authenticate.js';
import { FairQueue, type FairQueueOptions, type LaneLoad, type Ticket } from './fair-queue.js';
import { Lanes, type RequestLane } from './lanes.js';
import { AdmissionRefused, type RefusalReason } from './refusal.js';

/** What admission tells the metrics (admission-metrics.ts); labels are bounded there. */
export interface AdmissionObserver {
  admitted(lane: RequestLane, waitedMs: number): void;
  refused(lane: RequestLane, reason: RefusalReason): void;
}

/**
 * Fair admission (SPEC §11), the one implementation behind both transports: the HTTP middleware
 * (http/middleware/admission.ts) enters a request after authentication and before its body is
 * parsed; a subscription's event re-read (ws/subscribe-pipeline.ts) runs inside `run`.
 */
export interface Admission {
  laneOf(identified: Identified): RequestLane;
  /** The membership check's outcome, so the person's next requests join their organization's lane. */
  learn(identified: Identified, auth: Pick<Authentication, 'organization'>): void;
  /** Waits for the lane's turn; rejects with AdmissionRefused (or the abort) instead. */
  enter(lane: RequestLane, signal?: AbortSignal): Promise<Ticket>;
  /** `work` once admitted, its place given back when it settles. */
  run<T>(lane: RequestLane, work: () => Promise<T>): Promise<T>;
  loads(): LaneLoad[];
}

export function createAdmission(options: FairQueueOptions, observer?: AdmissionObserver, lanes = new Lanes()): Admission {
  const queue = new FairQueue(options);
  async function enter(lane: RequestLane, signal?: AbortSignal): Promise<Ticket> {
    try {
      const ticket = await queue.admit(lane.key, lane.weight, signal);
      observer?.admitted(lane, ticket.waitedMs);
      return ticket;
    } catch (error) {
      if (error instanceof AdmissionRefused) observer?.refused(lane, error.reason);
      throw error;
    }
  }
  return {
    laneOf: (identified) => lanes.of(identified),
    learn: (identified, auth) => lanes.learn(identified, auth),
    enter,
    async run(lane, work) {
      const ticket = await enter(lane);
      try {
        return await work();
      } finally {
        ticket.release();
      }
    },
    loads: () => queue.loads(),
  };
}
