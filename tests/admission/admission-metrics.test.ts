import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { admissionMetrics } from '../../src/admission/admission-metrics.js';
import type { LaneLoad } from '../../src/admission/fair-queue.js';

/** /metrics per organization stays bounded: the top organizations by load by name, everyone else as `other`. */
const lane = (id: string) => ({ key: `org:${id}`, organization: { id, plan: 'FREE' as const }, weight: 1 });

async function series(registry: Registry): Promise<string[]> {
  return (await registry.metrics()).split('\n').filter((line) => line.startsWith('flowgate_admission_'));
}

describe('admission metrics', () => {
  it('names the top organizations by load and sums the rest as other', async () => {
    const registry = new Registry();
    const loads: LaneLoad[] = [
      { lane: 'org:a', inFlight: 2, queued: 30 },
      { lane: 'org:b', inFlight: 2, queued: 3 },
      { lane: 'org:c', inFlight: 1, queued: 0 },
      { lane: 'person:u', inFlight: 1, queued: 0 },
      { lane: 'none', inFlight: 1, queued: 1 },
    ];
    const observer = admissionMetrics(registry, () => loads, 2);
    for (let n = 0; n < 5; n += 1) observer.refused(lane('a'), 'queue full');
    observer.refused(lane('b'), 'waited too long');
    observer.refused(lane('b'), 'waited too long');
    observer.admitted(lane('c'), 250); // c's load, 1, is the lightest: it goes to other
    observer.admitted(lane('b'), 0.2); // admitted at once: not a wait

    expect(await series(registry)).toEqual(
      expect.arrayContaining([
        'flowgate_admission_requests{organization="a",state="in_flight"} 2',
        'flowgate_admission_requests{organization="a",state="queued"} 30',
        'flowgate_admission_requests{organization="b",state="queued"} 3',
        'flowgate_admission_requests{organization="other",state="in_flight"} 3',
        'flowgate_admission_requests{organization="other",state="queued"} 1',
        'flowgate_admission_refusals_total{organization="a",reason="queue full"} 5',
        'flowgate_admission_refusals_total{organization="b",reason="waited too long"} 2',
        'flowgate_admission_waits_total{organization="other"} 1',
        'flowgate_admission_wait_seconds_total{organization="other"} 0.25',
      ]),
    );
    const organizations = new Set((await series(registry)).map((line) => /organization="([^"]+)"/.exec(line)?.[1]));
    expect([...organizations].sort()).toEqual(['a', 'b', 'other']);
  });
});
