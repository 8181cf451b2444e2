import type { LoadResult } from './load.js';
import type { ScenarioName } from './scenarios.js';
import type { StatementCounts } from './statements.js';
import type { Variant } from './variants.js';

/** The markdown table and the target ratios, from one run's measurements. */

export type Measurement = LoadResult & { peakRssMb: number };
export type Measurements = Partial<Record<Variant, Partial<Record<ScenarioName, Measurement>>>>;
export type Statements = Partial<Record<Variant, StatementCounts>>;

const ms = (value: number) => value.toFixed(1);
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

function sqlCell(count: StatementCounts[string] | undefined) {
  if (!count) return '–';
  return count.onQuery === null ? `– / ${count.roundTrips}` : `${count.onQuery} / ${count.roundTrips}`;
}

const cpuMs = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(2));
const calls = (m: Measurement) => (Number.isNaN(m.gatewayReadCalls) ? '–' : `${m.gatewayReadCalls.toFixed(1)} / ${m.gatewayWriteCalls.toFixed(1)}`);
const bytes = (value: number | undefined) => (value === undefined ? '–' : value.toLocaleString('en-US'));

export function table(measurements: Measurements, statements: Statements): string {
  const lines = [
    '| scenario | variant | req/s | p50 ms | p95 ms | p99 ms | non-2xx+errors | GraphQL errors | SQL/request (onQuery / round trips) | CPU ms/request gateway | CPU ms/request PostgreSQL | system calls/request gateway (read / write) | bytes from PostgreSQL | response bytes | peak RSS MB |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [variant, scenarios] of Object.entries(measurements) as Array<[Variant, Measurements[Variant]]>) {
    for (const [scenario, m] of Object.entries(scenarios ?? {}) as Array<[ScenarioName, Measurement]>) {
      const count = statements[variant]?.[scenario];
      lines.push(
        `| ${scenario} | ${variant} | ${m.requestsPerSecond.toFixed(0)} | ${ms(m.p50)} | ${ms(m.p95)} | ${ms(m.p99)} | ${m.non2xx} | ${m.graphqlErrors} | ${sqlCell(count)} | ` +
          `${cpuMs(m.gatewayCpuMs)} | ${cpuMs(m.postgresCpuMs)} | ${calls(m)} | ${bytes(count?.postgresBytes)} | ${bytes(count?.responseBytes)} | ${m.peakRssMb.toFixed(0)} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Issue 16's per-request targets: CPU on each side, bytes read against bytes answered, memory. */
function costTargets(measurements: Measurements, statements: Statements): string[] {
  const dashboard = measurements.gateway?.dashboard;
  const node = measurements.gateway?.node;
  const read = statements.gateway?.dashboard;
  const lines: string[] = [];
  if (dashboard) {
    lines.push(`- dashboard gateway CPU ${cpuMs(dashboard.gatewayCpuMs)} ms/request (target <= 2.5): ${verdict(dashboard.gatewayCpuMs <= 2.5)}`);
    lines.push(`- dashboard PostgreSQL CPU ${cpuMs(dashboard.postgresCpuMs)} ms/request (target <= 1.2): ${verdict(dashboard.postgresCpuMs <= 1.2)}`);
  }
  if (node) lines.push(`- node gateway CPU ${cpuMs(node.gatewayCpuMs)} ms/request (target <= 0.5): ${verdict(node.gatewayCpuMs <= 0.5)}`);
  if (read) {
    const ratio = read.postgresBytes / read.responseBytes;
    lines.push(`- dashboard bytes from PostgreSQL ${bytes(read.postgresBytes)} = ${ratio.toFixed(2)}x the response's ${bytes(read.responseBytes)} (target <= 2x): ${verdict(ratio <= 2)}`);
  }
  const peak = Math.max(...Object.values(measurements.gateway ?? {}).map((m) => m.peakRssMb));
  lines.push(`- gateway peak RSS ${peak.toFixed(0)} MB (target <= 350): ${verdict(peak <= 350)}`);
  return lines;
}


export function targets(measurements: Measurements, statements: Statements): string[] {
  const rps = (variant: Variant, scenario: ScenarioName) => measurements[variant]?.[scenario]?.requestsPerSecond ?? NaN;
  const scenarios = Object.keys(measurements.gateway ?? {}) as ScenarioName[];
  const lines: string[] = costTargets(measurements, statements);
  const floorRatio = rps('gateway', 'dashboard') / rps('floor', 'dashboard');
  lines.push(`- dashboard gateway/floor req/s = ${pct(floorRatio)} (target >= 50%): ${verdict(floorRatio >= 0.5)}`);
  for (const scenario of scenarios) {
    const shield = 1 - rps('gateway', scenario) / rps('no-shield', scenario);
    const rls = 1 - rps('gateway', scenario) / rps('no-rls', scenario);
    const floor = rps('gateway', scenario) / rps('floor', scenario);
    lines.push(
      `- ${scenario}: shield cost ${pct(shield)} (<= 10%: ${verdict(shield <= 0.1)}), RLS cost ${pct(rls)} (<= 15%: ${verdict(rls <= 0.15)}), gateway/floor ${pct(floor)}${scenario === 'dashboard' ? '' : ` (>= 40%: ${verdict(floor >= 0.4)})`}`,
    );
  }
  for (const scenario of scenarios) {
    const p99 = measurements.gateway![scenario]!.p99;
    lines.push(`- ${scenario} gateway p99 ${ms(p99)} ms (target < 100 ms at concurrency 32): ${verdict(p99 < 100)}`);
  }
  const at5 = statements.gateway?.['dashboard@5'];
  const at50 = statements.gateway?.['dashboard@50'];
  if (at5 && at50) {
    const same = at5.onQuery === at50.onQuery && at5.roundTrips === at50.roundTrips;
    lines.push(`- dashboard statements at first=5: ${sqlCell(at5)}, at first=50: ${sqlCell(at50)} (independent of page size): ${verdict(same)}`);
  }
  return lines;
}
