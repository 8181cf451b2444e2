// `npx tsx bench/explain-lists.ts [--scale 10]`: EXPLAIN (ANALYZE) of the page query of every ordering
// and every filter the connections offer (read from the schema), at scale N, under RLS with a
// tenant's role and settings and the generic plans the gateway uses. Prints which index each reads,
// whether anything sorts, and the median execution time of 5 runs; writes bench/results/explain-lists.json.
// `--plan-only`: EXPLAIN without ANALYZE (the plans, no timings: nothing runs, so it is no benchmark).
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { tenantSettingsSql, uuidLiteral } from '../src/db/tenant.js';
import { unguardedSchema } from '../src/graphql/schema.js';
import type { ListContract, OfferedFilter, OfferedOrdering } from '../src/modules/lists/list-contract.js';
import { offeredLists } from '../src/modules/lists/offered-lists.js';
import { NO_TENANT } from '../src/modules/ids.js';
import { createScratchDatabase, prepareData } from './scratch-db.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '10' }, 'plan-only': { type: 'boolean', default: false } } });
const analyze = !values['plan-only'];
const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres';
const q = (name: string) => `"${name}"`;

/** What every page of a table is narrowed by besides the offered filters (as the modules' `query`s say). */
const ALWAYS: Record<string, string> = { integrations: '"isActive" = true', api_keys: '"revokedAt" IS NULL' };

interface Plan {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  Plans?: Plan[];
}

function nodes(plan: Plan): Plan[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

async function explain(client: pg.Client, organizationId: string, sql: string, params: string[], withoutSort = false) {
  const times: number[] = [];
  let summary = '';
  for (let run = 0; run < (analyze ? 5 : 1); run += 1) {
    await client.query('BEGIN');
    try {
      await client.query(`SELECT ${tenantSettingsSql(uuidLiteral(organizationId), null)}`);
      // Where the planner sorts (a table of a few pages is cheaper to sort than to walk in order),
      // the same page with sorting priced out shows the index that serves the order.
      if (withoutSort) await client.query(`SELECT set_config('enable_sort', 'off', true)`);
      await client.query(`PREPARE page AS ${sql}`);
      // EXPLAIN takes no bind parameters: the prepared statement's are given as literals (UUIDs).
      const { rows } = await client.query(`EXPLAIN (ANALYZE ${analyze}, FORMAT JSON) EXECUTE page(${params.map((value) => uuidLiteral(value)).join(', ')})`);
      const [{ Plan: plan, 'Execution Time': executionMs }] = rows[0]['QUERY PLAN'] as Array<{ Plan: Plan; 'Execution Time'?: number }>;
      times.push(executionMs ?? Number.NaN);
      const all = nodes(plan);
      const scans = all.filter((node) => node['Node Type'].includes('Scan')).map((node) => `${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : ''}`);
      const sorts = all.filter((node) => node['Node Type'].includes('Sort')).map((node) => node['Node Type']);
      summary = [...scans, ...sorts].join(' + ') || all.map((node) => node['Node Type']).join(' > ');
    } finally {
      await client.query('ROLLBACK');
      // A prepared statement outlives the transaction.
      await client.query('DEALLOCATE ALL');
    }
  }
  times.sort((a, b) => a - b);
  return { plan: summary, sorts: summary.includes('Sort'), medianMs: times[Math.floor(times.length / 2)] };
}

function orderSql(contract: ListContract, ordering: OfferedOrdering): string {
  const columns = ordering.keys.map((key, index) => `${q(contract.keys[key].column)} ${ordering.directions[index].toUpperCase()}`);
  return ordering.unique ? columns.join(', ') : [...columns, `"id" ${ordering.directions[ordering.directions.length - 1].toUpperCase()}`].join(', ');
}

/**
 * A condition for `filter` with a value taken from the tenant's rows (the middle of a range, the most
 * common value), else from any tenant's; a table with no such value at all gets a value no row has.
 */
async function filterCondition(client: pg.Client, contract: ListContract, filter: OfferedFilter, narrowing: string, params: unknown[]) {
  const column = q(filter.column);
  const table = q(contract.table);
  if (filter.served === 'scan') return filter.column === 'name' ? `${column} ILIKE '%a%'` : `${column} IS NOT NULL`;
  if (filter.served === 'range') {
    const { rows } = await client.query(`SELECT min(${column}) + (max(${column}) - min(${column})) / 2 AS middle FROM ${table} WHERE ${narrowing}`, params);
    return `${column} >= '${((rows[0].middle as Date | null) ?? new Date()).toISOString()}'`;
  }
  const common = (where: string, values: unknown[]) =>
    client.query(`SELECT ${column}::text AS value FROM ${table} WHERE ${where} AND ${column} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`, values);
  const value = (await common(narrowing, params)).rows[0]?.value ?? (await common('true', [])).rows[0]?.value ?? NO_TENANT;
  return `${column} = '${value}'`;
}

const scratch = await createScratchDatabase(serverUrl);
const env = { NODE_ENV: 'development', DATABASE_URL: scratch.url, JWT_SECRET: randomBytes(32).toString('hex'), CREDENTIALS_KEY: randomBytes(32).toString('base64') };
const results: Array<Record<string, unknown>> = [];
try {
  await prepareData(loadConfig(env), Number(values.scale), 'small');
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  try {
    const { rows: [org] } = await client.query(`SELECT id FROM organizations WHERE slug = 'scale-1'`);
    const { rows: [workflow] } = await client.query(`SELECT "workflowId" AS id FROM workflow_executions WHERE "organizationId" = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`, [org.id]);
    const { rows: counts } = await client.query(`SELECT (SELECT count(*) FROM workflow_executions)::int AS executions, (SELECT count(*) FROM organizations)::int AS organizations`);
    console.log(`scale ${values.scale}: ${counts[0].organizations} organizations, ${counts[0].executions} executions; tenant scale-1`);
    for (const { field, contract } of offeredLists(unguardedSchema)) {
      const params = contract.narrowedBy.map((column) => (column === 'organizationId' ? org.id : workflow.id));
      const narrowing = [...contract.narrowedBy.map((column, index) => `${q(column)} = $${index + 1}`), ...(ALWAYS[contract.table] ? [ALWAYS[contract.table]] : [])].join(' AND ');
      const page = (where: string, order: string) => `SELECT "id" FROM ${q(contract.table)} WHERE ${where} ORDER BY ${order} LIMIT 21`;
      const defaultOrdering = contract.orderings.find((ordering) => ordering.keys.join() === contract.defaultOrder.map((value) => value.replace(/_(ASC|DESC)$/, '')).join())!;
      const cases = contract.orderings.map((ordering) => ({ what: `orderBy ${ordering.keys.join(', ')}`, where: narrowing, order: orderSql(contract, ordering) }));
      for (const filter of contract.filters) {
        const condition = await filterCondition(client, contract, filter, narrowing, params);
        cases.push({ what: `filter.${filter.field} (${filter.served})`, where: `${narrowing} AND ${condition}`, order: orderSql(contract, defaultOrdering) });
      }
      for (const { what, where, order } of cases) {
        const result = await explain(client, org.id, page(where, order), params);
        const unsorted = result.sorts ? await explain(client, org.id, page(where, order), params, true) : undefined;
        results.push({ field, what, sql: page(where, order), ...result, withoutSort: unsorted });
        const served = unsorted ? `  | sort priced out: ${unsorted.medianMs.toFixed(3)} ms ${unsorted.plan}` : '';
        console.log(`${field.padEnd(26)} ${what.padEnd(34)} ${result.medianMs.toFixed(3).padStart(7)} ms  ${result.plan}${served}`);
      }
    }
  } finally {
    await client.end();
  }
  const file = path.join('bench', 'results', analyze ? 'explain-lists.json' : 'explain-lists-plans.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify({ scale: Number(values.scale), results }, null, 2) + '\n');
} finally {
  await scratch.drop();
}
