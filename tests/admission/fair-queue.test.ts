import { describe, expect, it } from '@jest/globals';
import { FairQueue, type Ticket } from '../../src/admission/fair-queue.js';
import { AdmissionRefused } from '../../src/admission/refusal.js';

/**
 * The scheduler alone, driven by events: who is admitted is read from the order in which admissions
 * resolve, never from timing. `maxWaitMs` is an hour so that no timer can decide anything here.
 */
const options = { maxInFlight: 2, maxInFlightPerTenant: 2, maxQueuedPerTenant: 3, maxWaitMs: 3_600_000 };

/** Records the order in which admissions resolve. */
function recorder() {
  const order: string[] = [];
  const tickets = new Map<string, Ticket>();
  const admit = (queue: FairQueue, lane: string, name: string, weight = 1) =>
    queue.admit(lane, weight).then((ticket) => {
      order.push(name);
      tickets.set(name, ticket);
      return ticket;
    });
  return { order, tickets, admit };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('fair admission', () => {
  it("admits B's request ahead of A's backlog once capacity frees up", async () => {
    const queue = new FairQueue(options);
    const { order, tickets, admit } = recorder();
    await Promise.all([admit(queue, 'A', 'a1'), admit(queue, 'A', 'a2')]);
    const backlog = ['a3', 'a4', 'a5'].map((name) => admit(queue, 'A', name));
    const b1 = admit(queue, 'B', 'b1');
    await settled();
    expect(order).toEqual(['a1', 'a2']); // the replica is full: everyone else waits

    tickets.get('a1')!.release();
    await b1;
    expect(order).toEqual(['a1', 'a2', 'b1']); // B first, although A's three were queued before it

    tickets.get('a2')!.release();
    tickets.get('b1')!.release();
    await Promise.all(backlog.slice(0, 2));
    expect(order).toEqual(['a1', 'a2', 'b1', 'a3', 'a4']);
    expect(queue.loads()).toEqual([{ lane: 'A', inFlight: 2, queued: 1 }]);
  });

  it('keeps one lane within its own bound, so another lane is admitted at once', async () => {
    const queue = new FairQueue({ ...options, maxInFlight: 4, maxInFlightPerTenant: 2 });
    const { order, admit } = recorder();
    await Promise.all([admit(queue, 'A', 'a1'), admit(queue, 'A', 'a2')]);
    void admit(queue, 'A', 'a3');
    await admit(queue, 'B', 'b1');
    expect(order).toEqual(['a1', 'a2', 'b1']);
  });

  it('refuses only the lane whose queue is full', async () => {
    const queue = new FairQueue(options);
    const { admit } = recorder();
    await Promise.all([admit(queue, 'A', 'a1'), admit(queue, 'A', 'a2')]);
    ['a3', 'a4', 'a5'].forEach((name) => void admit(queue, 'A', name));
    const refused = await queue.admit('A').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AdmissionRefused);
    expect((refused as AdmissionRefused).extensions).toMatchObject({ code: 'RATE_LIMITED', scope: 'organization', retryAfterSeconds: 1 });
    const b = admit(queue, 'B', 'b1');
    await settled();
    expect(queue.loads().find((load) => load.lane === 'B')).toEqual({ lane: 'B', inFlight: 0, queued: 1 }); // waiting, not refused
    void b;
  });

  it('shares the replica by weight when lanes compete', async () => {
    const queue = new FairQueue({ ...options, maxInFlight: 3, maxInFlightPerTenant: 3, maxQueuedPerTenant: 10 });
    const { order, tickets, admit } = recorder();
    await Promise.all(['x1', 'x2', 'x3'].map((name) => admit(queue, 'X', name)));
    const team = ['t1', 't2', 't3'].map((name) => admit(queue, 'TEAM', name, 2));
    const free = ['f1', 'f2'].map((name) => admit(queue, 'FREE', name, 1));
    tickets.get('x1')!.release();
    await team[0];
    tickets.get('x2')!.release();
    await free[0];
    tickets.get('x3')!.release();
    await team[1];
    expect(order.slice(3)).toEqual(['t1', 'f1', 't2']); // TEAM (weight 2) runs two to FREE's one
    tickets.get('f1')!.release();
    await free[1];
    tickets.get('t1')!.release();
    await team[2];
    expect(order.slice(3)).toEqual(['t1', 'f1', 't2', 'f2', 't3']);
  });

  it('takes a waiter that leaves out of the queue', async () => {
    const queue = new FairQueue({ ...options, maxInFlight: 1, maxInFlightPerTenant: 1 });
    const first = await queue.admit('A');
    const gone = new AbortController();
    const waiting = queue.admit('A', 1, gone.signal).catch((error: Error) => error.message);
    gone.abort();
    expect(await waiting).toMatch(/went away/);
    first.release();
    expect(queue.loads()).toEqual([]);
  });
});
