import { encodeGlobalID } from '@pothos/plugin-relay';
import pg from 'pg';
import manifest from '../operations/manifest.json' with { type: 'json' };
import { signToken } from '../src/auth/bearer-token.js';
import type { Config } from '../src/config.js';
import type { DemoSummary } from '../src/db/seed.js';

/**
 * The four scenarios as HTTP requests. Every variant (the gateway and the floor) receives exactly the
 * same bodies; `x-bench-scenario` tells the floor which hand-written handler to run.
 */

export const SCENARIO_NAMES = ['dashboard', 'partner', 'node', 'runWorkflow'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface Scenario {
  name: ScenarioName;
  headers: Record<string, string>;
  /** The i-th request's body: lookups and runs rotate over workflows. */
  body(i: number, pageSize?: number): string;
}

export const DASHBOARD_QUERY = `query Dashboard($first: Int!) { organization {
  workflows(first: $first) { totalCount edges { node { id name currentVersion { version } lastExecution { id status } executionCount createdBy { email } } } }
  executions(first: $first) { totalCount edges { node { id status workflow { name } version { version } triggeredBy { __typename ... on User { email } } } } } } }`;
const NODE_QUERY = `query Node($id: ID!) { node(id: $id) { id ... on Workflow { name status } } }`;
const RUN_MUTATION = `mutation Run($input: RunWorkflowInput!) { runWorkflow(input: $input) { execution { id status trigger createdAt } } }`;
/** Marks executions the benchmark created, so they are deleted between variants. */
export const RUN_INPUT = { bench: true };

function documentId(name: string): string {
  const operation = manifest.operations.find((candidate) => candidate.name === name);
  if (!operation) throw new Error(`operations/manifest.json has no ${name}`);
  return operation.id;
}

/** The scale-1 organization: 20 workflows, 1,000 executions; member0 is its OWNER. */
async function scaleOrganization(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const owner = await client.query<{ userId: string }>(
      `SELECT m."userId" FROM organization_members m JOIN users u ON u.id = m."userId" WHERE u.email = 'member0@scale-1.test' AND m.role = 'OWNER'`,
    );
    const workflows = await client.query<{ id: string; status: string }>(
      `SELECT w.id, w.status FROM workflows w JOIN organizations o ON o.id = w."organizationId" WHERE o.slug = 'scale-1' ORDER BY w.name`,
    );
    return { ownerId: owner.rows[0].userId, workflows: workflows.rows };
  } finally {
    await client.end();
  }
}

const json = (value: unknown) => JSON.stringify(value);

export async function buildScenarios(config: Config, databaseUrl: string, demo: DemoSummary): Promise<Scenario[]> {
  const org = await scaleOrganization(databaseUrl);
  const token = await signToken(config.jwt, { userId: org.ownerId }, '1h');
  const owner = { authorization: `Bearer ${token}`, 'x-organization-id': 'scale-1', 'content-type': 'application/json' };
  const apiKey = demo.apiKeys.find((key) => key.organizationSlug === 'acme')!.key;
  const nodeIds = org.workflows.map((workflow) => encodeGlobalID('Workflow', workflow.id));
  const runnable = org.workflows.filter((workflow) => workflow.status === 'ACTIVE').map((workflow) => encodeGlobalID('Workflow', workflow.id));
  const listWorkflows = documentId('ListWorkflows');
  return [
    { name: 'dashboard', headers: owner, body: (_i, first = 20) => json({ query: DASHBOARD_QUERY, variables: { first } }) },
    {
      name: 'partner',
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      body: () => json({ documentId: listWorkflows, variables: { first: 20 } }),
    },
    { name: 'node', headers: owner, body: (i) => json({ query: NODE_QUERY, variables: { id: nodeIds[i % nodeIds.length] } }) },
    {
      name: 'runWorkflow',
      headers: owner,
      body: (i) => json({ query: RUN_MUTATION, variables: { input: { workflowId: runnable[i % runnable.length], input: RUN_INPUT } } }),
    },
  ];
}
