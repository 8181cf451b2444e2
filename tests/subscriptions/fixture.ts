import type { PrismaClient } from '../../src/db/client.js';
import type { Scope } from '../../src/auth/actor.js';
import { createApiKey, createMember, createOrganization, createWorkflow, globalId } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expect } from '@jest/globals';
import { eventually } from '../security/gateway.js';

/** One organization with an editor (who runs workflows), a viewer (who watches) and an ACTIVE workflow. */
export async function createTenant(db: PrismaClient, scopes: readonly Scope[] = ['executions:read', 'workflows:read']) {
  const organization = await createOrganization(db);
  const editor = (await createMember(db, organization.id, 'EDITOR')).user;
  const viewer = (await createMember(db, organization.id, 'VIEWER')).user;
  const workflow = await createWorkflow(db, organization.id);
  const apiKey = await createApiKey(db, organization.id, { scopes });
  return { organization, editor, viewer, workflow, workflowId: globalId('Workflow', workflow.id), apiKey: apiKey.key };
}

export type Tenant = Awaited<ReturnType<typeof createTenant>>;

export const EXECUTION_UPDATED = `subscription Watch($workflowId: ID, $executionId: ID) {
  executionUpdated(workflowId: $workflowId, executionId: $executionId) { id status workflow { id } }
}`;

export const RUN = `mutation Run($workflowId: ID!) { runWorkflow(input: { workflowId: $workflowId }) { execution { id status } } }`;

/** Runs the tenant's workflow over HTTP as its editor; returns the new execution's global id. */
export async function runWorkflow(server: TestServer, tenant: Tenant): Promise<string> {
  const response = await server.gql(RUN, { as: tenant.editor.id, org: tenant.organization.slug, variables: { workflowId: tenant.workflowId } });
  const id = response.body.data?.runWorkflow?.execution?.id;
  if (!id) throw new Error(`runWorkflow failed: ${JSON.stringify(response.body)}`);
  return id;
}

/** connection_init's payload for a person of `tenant`. */
export async function personPayload(server: TestServer, userId: string, organization: string, ttl?: string) {
  return { authorization: `Bearer ${await server.token(userId, ttl)}`, 'x-organization-id': organization };
}

/** A test server and one tenant (acme) for a file's tests. */
export async function startWithTenant(): Promise<{ server: TestServer; acme: Tenant }> {
  const server = await startTestServer();
  return { server, acme: await createTenant(server.db.base) };
}

/**
 * Runs `subscribe` (which sends `count` subscribe messages for the organization) and waits until
 * that many more streams listen on the server's event bus: graphql-ws starts a subscription
 * asynchronously, and an event published before its stream listens never reaches it.
 */
export async function whenListening(server: TestServer, organizationId: string, subscribe: () => void, count = 1): Promise<void> {
  const bus = server.server.events;
  const before = bus.listenerCount(organizationId);
  subscribe();
  await eventually(() => expect(bus.listenerCount(organizationId)).toBeGreaterThanOrEqual(before + count));
}
