import { expect } from '@jest/globals';
import { fc } from '@fast-check/jest';
import type { Database } from '../../src/db/database.js';
import { createApiKey, createExecution, createIntegration, createMember, createOrganization, createWorkflow, globalId } from '../support/factories.js';
import { startGateway, type Gateway, type Reply } from '../security/gateway.js';
import { createVictim, type Victim } from '../security/tenant-fixture.js';

/**
 * The fuzzing suite's world: one gateway on the run's database with its log captured, an
 * organization acted on by its OWNER (people's mutations) and by a worker's API key (reports), and
 * another tenant whose ids are fuzzed in too. Runs, seed and time per property come from FUZZ_RUNS,
 * FUZZ_SEED and FUZZ_TIME_LIMIT_MS; a failure prints the seed and the shrunk counterexample, and
 * FUZZ_SEED (with FUZZ_PATH) replays it.
 */

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
fc.configureGlobal({
  seed,
  numRuns: Number(process.env.FUZZ_RUNS ?? 20),
  // Every case is a real request. In `npm test` a property stops after 3 s even on a loaded
  // machine (33 properties: the suite stays within its two minutes); `npm run fuzz` allows 10 min.
  // A failure found before the limit is still reported, shrunk as far as the time allows.
  interruptAfterTimeLimit: Number(process.env.FUZZ_TIME_LIMIT_MS ?? 3_000),
  markInterruptAsFailure: false,
});
export const FUZZ_SEED = seed;
/** With FUZZ_PATH (from a failure's report) beside FUZZ_SEED, fc.assert replays the failing case first. */
export const REPLAY = process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {};

export interface World {
  g: Gateway;
  organizationId: string;
  ownerId: string;
  owner: Record<string, string>;
  worker: Record<string, string>;
  /** The ACTIVE workflow runs go to, and its global id. */
  workflow: Awaited<ReturnType<typeof createWorkflow>>;
  workflowId: string;
  /** Global ids of this organization's rows, one of each type. */
  own: Record<'workflowId' | 'otherWorkflowId' | 'executionId' | 'integrationId' | 'memberId' | 'apiKeyId' | 'versionId', string>;
  victim: Victim;
}

/** API keys normally run only trusted documents; the fuzzer writes its own operations. */
const FUZZ_ENV = { PERSISTED_ONLY_FOR_API_KEYS: 'false', RATE_LIMIT_PER_MINUTE: '1000000' };

export async function createWorld(): Promise<World> {
  const g = await startGateway({ env: FUZZ_ENV });
  const db = g.db.base;
  const organization = await createOrganization(db);
  const owner = (await createMember(db, organization.id, 'OWNER')).user;
  const viewer = await createMember(db, organization.id, 'VIEWER');
  const workflow = await createWorkflow(db, organization.id, { status: 'ACTIVE' });
  const otherWorkflow = await createWorkflow(db, organization.id, { status: 'DRAFT' });
  const execution = await createExecution(db, workflow);
  const integration = await createIntegration(db, organization.id);
  const worker = await createApiKey(db, organization.id);
  const own = {
    workflowId: globalId('Workflow', workflow.id),
    otherWorkflowId: globalId('Workflow', otherWorkflow.id),
    versionId: globalId('WorkflowVersion', workflow.currentVersionId!),
    executionId: globalId('Execution', execution.id),
    integrationId: globalId('Integration', integration.id),
    memberId: globalId('Member', viewer.membership.id),
    apiKeyId: globalId('ApiKey', worker.apiKey.id),
  };
  return {
    g,
    organizationId: organization.id,
    ownerId: owner.id,
    owner: await g.as(owner.id, organization.id),
    worker: { authorization: `ApiKey ${worker.key}` },
    workflow,
    workflowId: own.workflowId,
    own,
    victim: await createVictim(db),
  };
}

/** Every id a fuzzed `…Id` may name: this organization's of each type, and the other tenant's. */
export const knownIds = (world: World) => [...Object.values(world.own), ...Object.values(world.victim.ids)];

/**
 * Everything the organization holds (and the owner's memberships, which createOrganization adds),
 * as one hash: equal before and after a refused request means it wrote nothing. An API key's
 * `lastUsedAt` is left out: authentication stamps it, by design, whatever the request then does.
 */
export async function fingerprint(db: Database, world: World): Promise<string> {
  const rows = (table: string, columns = 'x') =>
    `(SELECT string_agg((${columns})::text, ',' ORDER BY x.id) FROM ${table} x WHERE x."organizationId" = $1::uuid)`;
  const [row] = await db.base.$queryRawUnsafe<Array<{ hash: string }>>(
    `SELECT md5(concat_ws('|',
      (SELECT x::text FROM organizations x WHERE x.id = $1::uuid),
      (SELECT count(*) FROM organization_members x WHERE x."userId" = $2::uuid),
      ${rows('organization_members')}, ${rows('workflows')}, ${rows('workflow_versions')}, ${rows('workflow_executions')},
      ${rows('integrations')}, ${rows('api_keys', 'x.id, x.name, x.scopes, x."revokedAt"')}, ${rows('audit_log_entries')})) AS hash`,
    world.organizationId,
    world.ownerId,
  );
  return row.hash;
}

/** No case may be an internal error, a 5xx, an error-level log line, or reach the database's refusal. */
export function expectNoFault(world: World, reply: Reply, logLinesBefore: number): void {
  const internal = (reply.body.errors ?? []).filter((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR');
  // One object, so a failure shows the response and the logged cause together.
  expect({ status: reply.status < 500 ? 'not 5xx' : reply.status, internal, errorLog: errorLines(world, logLinesBefore), refusedByDatabase: refusals(world, logLinesBefore) }).toEqual({
    status: 'not 5xx',
    internal: [],
    errorLog: [],
    refusedByDatabase: [],
  });
}

/**
 * Values the database refused since `from` (formatError's warning): the client still got
 * BAD_USER_INPUT, but the input checks, which should have refused it before any SQL, have a gap.
 */
export function refusals(world: World, from: number): unknown[] {
  return world.g.logs
    .lines()
    .slice(from)
    .filter((line) => typeof line.sqlState === 'string')
    .map((line) => line.sqlState);
}

/** Error-level (and worse) log lines since `from`, as their messages. */
export function errorLines(world: World, from: number): string[] {
  return world.g.logs
    .lines()
    .slice(from)
    .filter((line) => Number(line.level) >= 50)
    .map((line) => `${String(line.msg)}: ${String((line.err as { message?: string } | undefined)?.message ?? '')}`);
}

export const logLineCount = (world: World) => world.g.logs.lines().length;

const FRESH = {
  queuedExecution: async (world: World) => globalId('Execution', (await createExecution(world.g.db.base, world.workflow)).id),
  runningExecution: async (world: World) => globalId('Execution', (await createExecution(world.g.db.base, world.workflow, { status: 'RUNNING' })).id),
  integration: async (world: World) => globalId('Integration', (await createIntegration(world.g.db.base, world.organizationId)).id),
  member: async (world: World) => globalId('Member', (await createMember(world.g.db.base, world.organizationId, 'EDITOR')).membership.id),
  apiKey: async (world: World) => globalId('ApiKey', (await createApiKey(world.g.db.base, world.organizationId, { scopes: ['workflows:read'] })).apiKey.id),
};
type Fresh = keyof typeof FRESH;

/** An id the case makes fresh, so a mutation that consumes its row (a cancel, a revoke) can succeed. */
export const fresh = (kind: Fresh) => `fresh:${kind}`;

/** The input with each `fresh:<kind>` replaced by a new row's global id (made before the fingerprint). */
export async function materialise(world: World, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(input).map(async ([field, value]) => {
      const kind = typeof value === 'string' && value.startsWith('fresh:') ? (value.slice(6) as Fresh) : undefined;
      return [field, kind ? await FRESH[kind](world) : value] as const;
    }),
  );
  return Object.fromEntries(entries);
}
