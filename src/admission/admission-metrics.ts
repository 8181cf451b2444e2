import { Counter, Gauge, type Registry } from 'prom-client';
import type { AdmissionObserver } from './admission.js';
import type { LaneLoad } from './fair-queue.js';
import type { RequestLane } from './lanes.js';
import type { RefusalReason } from './refusal.js';

/** An organization's tallies since start-up. */
interface Tally {
  waits: number;
  waitSeconds: number;
  refusals: Partial<Record<RefusalReason, number>>;
}

const OTHER = 'other';

/** People whose membership is not confirmed yet share one label; they are not an organization. */
const labelOf = (key: string) => (key.startsWith('org:') ? key.slice(4) : key.startsWith('person:') ? 'unconfirmed' : 'none');

const loadOf = (tally: Tally) => tally.waits + Object.values(tally.refusals).reduce((sum, n) => sum + (n ?? 0), 0);

/**
 * /metrics per organization with bounded cardinality: the `top` organizations by load get their own
 * `organization` label, all the rest are summed as `other`. Gauges (in flight, queued) rank by the
 * load at scrape time; the counters rank by their totals, so an organization that climbs into the top
 * moves its count out of `other` (which may then go down: read `other` with that in mind). At most
 * `tracked` organizations are tallied; beyond that the lightest is folded into `other` for good.
 */
export function admissionMetrics(registry: Registry, loads: () => LaneLoad[], top = 10, tracked = 1_000): AdmissionObserver {
  const tallies = new Map<string, Tally>();
  const folded: Tally = { waits: 0, waitSeconds: 0, refusals: {} };
  const registers = [registry];
  const ranked = () => [...tallies].sort(([, a], [, b]) => loadOf(b) - loadOf(a));

  function foldLightest(): void {
    const [label, tally] = ranked().at(-1)!;
    tallies.delete(label);
    addInto(folded, tally);
  }

  function tallyOf(lane: RequestLane): Tally {
    const label = labelOf(lane.key);
    let tally = tallies.get(label);
    if (!tally) {
      tallies.set(label, (tally = { waits: 0, waitSeconds: 0, refusals: {} }));
      if (tallies.size > tracked) foldLightest();
    }
    return tally;
  }

  /** The top organizations' tallies, and everyone else's summed under `other`. */
  function topAndOther(): Array<[string, Tally]> {
    const other: Tally = { waits: 0, waitSeconds: 0, refusals: {} };
    addInto(other, folded);
    const all = ranked();
    for (const [, tally] of all.slice(top)) addInto(other, tally);
    return [...all.slice(0, top), [OTHER, other]];
  }

  new Gauge({
    name: 'flowgate_admission_requests',
    help: 'Requests admitted and running (state="in_flight") or waiting for their turn (state="queued"), by organization (top by load, the rest as other)',
    labelNames: ['organization', 'state'],
    registers,
    collect() {
      this.reset();
      const byLabel = new Map<string, { inFlight: number; queued: number }>();
      for (const load of loads()) {
        const sum = byLabel.get(labelOf(load.lane)) ?? { inFlight: 0, queued: 0 };
        byLabel.set(labelOf(load.lane), { inFlight: sum.inFlight + load.inFlight, queued: sum.queued + load.queued });
      }
      const sorted = [...byLabel].sort(([, a], [, b]) => b.inFlight + b.queued - (a.inFlight + a.queued));
      const other = { inFlight: 0, queued: 0 };
      for (const [, load] of sorted.slice(top)) ((other.inFlight += load.inFlight), (other.queued += load.queued));
      for (const [organization, load] of [...sorted.slice(0, top), [OTHER, other] as const]) {
        this.set({ organization, state: 'in_flight' }, load.inFlight);
        this.set({ organization, state: 'queued' }, load.queued);
      }
    },
  });
  const counter = (name: string, help: string, labelNames: string[], each: (tally: Tally, set: SetValue) => void) =>
    tallyCounter({ registry, name, help, labelNames, series: topAndOther, each });
  counter('flowgate_admission_waits_total', 'Requests that waited for their turn, by organization', ['organization'], (tally, set) => set({}, tally.waits));
  counter('flowgate_admission_wait_seconds_total', 'Time requests spent waiting for their turn, by organization', ['organization'], (tally, set) =>
    set({}, tally.waitSeconds),
  );
  counter('flowgate_admission_refusals_total', 'Requests refused with RATE_LIMITED (scope organization), by organization and reason', ['organization', 'reason'], (tally, set) => {
    for (const [reason, n] of Object.entries(tally.refusals)) set({ reason }, n ?? 0);
  });

  return {
    admitted(lane, waitedMs) {
      if (waitedMs < 1) return; // admitted at once: not a wait
      const tally = tallyOf(lane);
      tally.waits += 1;
      tally.waitSeconds += waitedMs / 1000;
    },
    refused(lane, reason) {
      const tally = tallyOf(lane);
      tally.refusals[reason] = (tally.refusals[reason] ?? 0) + 1;
    },
  };
}

function addInto(sum: Tally, tally: Tally): void {
  sum.waits += tally.waits;
  sum.waitSeconds += tally.waitSeconds;
  for (const [reason, n] of Object.entries(tally.refusals) as Array<[RefusalReason, number]>) sum.refusals[reason] = (sum.refusals[reason] ?? 0) + n;
}

type SetValue = (labels: { reason?: string }, value: number) => void;

interface TallyCounter {
  registry: Registry;
  name: string;
  help: string;
  labelNames: string[];
  series: () => Array<[string, Tally]>;
  each: (tally: Tally, set: SetValue) => void;
}

/** A counter whose series are computed at scrape time from the tallies (see the ranking above). */
function tallyCounter({ registry, name, help, labelNames, series, each }: TallyCounter) {
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [organization, tally] of series()) each(tally, (labels, value) => value > 0 && this.inc({ organization, ...labels }, value));
    },
  });
}
