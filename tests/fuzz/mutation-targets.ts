import { fc } from '@fast-check/jest';
import { SCOPES } from '../../src/auth/actor.js';
import { fresh, knownIds, type World } from './fixture.js';
import { anyEnum, anyId, anyJson, anyText, optional } from './values.js';

/**
 * Every mutation, with an arbitrary for its whole input and, for what it stores, where to read it
 * back: `stored` maps an input field to the path of its value under the `node(id:)` fragment.
 */
export interface MutationTarget {
  name: string;
  inputType: string;
  /** Who sends it: the OWNER, or the worker's API key (reports). */
  actor: 'owner' | 'worker';
  /** The payload field holding the changed entity (absent for deletions). */
  entity?: string;
  input(world: World): fc.Arbitrary<Record<string, unknown>>;
  /** The entity's fragment and, per input field, the path of its stored value and how the service normalises it. */
  readBack?: ReadBack;
}

export interface ReadBack {
  fragment: string;
  stored: Record<string, [path: string, normalise?: (value: string) => string]>;
  /** Whose request reads it back, when not the OWNER in the world's organization. */
  as?: (world: World, input: Record<string, unknown>) => Promise<Record<string, string>>;
}

const trim = (value: string) => value.trim();
const jsonObject = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });
const name = () => fc.oneof(anyText(), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }));
const some = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof(fc.constant(undefined), arbitrary);
const id = (world: World, ...preferred: string[]) => anyId(knownIds(world), preferred);
const WORKFLOW_READ: ReadBack = { fragment: '... on Workflow { name description currentVersion { definition } }', stored: { name: ['name', trim], description: ['description'], definition: ['currentVersion.definition'] } };
const INTEGRATION_READ: ReadBack = { fragment: '... on Integration { provider name config }', stored: { provider: ['provider'], name: ['name', trim], config: ['config'] } };

export const MUTATIONS: MutationTarget[] = [
  {
    name: 'createWorkflow',
    inputType: 'CreateWorkflowInput',
    actor: 'owner',
    entity: 'workflow',
    input: () => fc.record({ name: name(), description: optional(anyText()), definition: anyJson() }),
    readBack: WORKFLOW_READ,
  },
  {
    name: 'updateWorkflow',
    inputType: 'UpdateWorkflowInput',
    actor: 'owner',
    entity: 'workflow',
    input: (world) => fc.record({ workflowId: id(world, world.workflowId), name: some(name()), description: some(anyText()), definition: some(anyJson()) }),
    readBack: WORKFLOW_READ,
  },
  {
    name: 'setWorkflowStatus',
    inputType: 'SetWorkflowStatusInput',
    actor: 'owner',
    entity: 'workflow',
    // Not the world's ACTIVE workflow: runWorkflow needs it to stay runnable.
    input: (world) => fc.record({ workflowId: anyId(Object.values(world.victim.ids), [world.own.otherWorkflowId]), status: anyEnum(['DRAFT', 'ACTIVE', 'ARCHIVED']) }),
  },
  {
    name: 'runWorkflow',
    inputType: 'RunWorkflowInput',
    actor: 'owner',
    entity: 'execution',
    input: (world) =>
      fc.record({ workflowId: id(world, world.workflowId), input: optional(fc.oneof(anyJson(), jsonObject)), idempotencyKey: optional(fc.oneof(anyText(), fc.string({ unit: 'binary-ascii', minLength: 1 }))) }),
    readBack: { fragment: '... on Execution { input }', stored: { input: ['input'] } },
  },
  { name: 'cancelExecution', inputType: 'CancelExecutionInput', actor: 'owner', entity: 'execution', input: (world) => fc.record({ executionId: id(world, fresh('queuedExecution')) }) },
  {
    name: 'reportExecution',
    inputType: 'ReportExecutionInput',
    actor: 'worker',
    entity: 'execution',
    input: (world) =>
      fc.record({
        executionId: id(world, fresh('runningExecution'), fresh('runningExecution'), fresh('queuedExecution')),
        status: anyEnum(['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'QUEUED']),
        output: optional(anyJson()),
        error: optional(anyText()),
      }),
    readBack: { fragment: '... on Execution { output error }', stored: { output: ['output'], error: ['error'] } },
  },
  {
    name: 'createIntegration',
    inputType: 'CreateIntegrationInput',
    actor: 'owner',
    entity: 'integration',
    input: () => fc.record({ provider: fc.oneof(anyText(), fc.constantFrom('slack', 'github-app')), name: name(), config: optional(anyJson()), credentials: optional(anyJson()) }),
    readBack: INTEGRATION_READ,
  },
  {
    name: 'updateIntegration',
    inputType: 'UpdateIntegrationInput',
    actor: 'owner',
    entity: 'integration',
    input: (world) =>
      fc.record({
        integrationId: id(world, fresh('integration')),
        name: some(name()),
        config: some(anyJson()),
        credentials: some(anyJson()),
        status: some(anyEnum(['CONNECTED', 'ERROR', 'DISCONNECTED'])),
      }),
    readBack: INTEGRATION_READ,
  },
  { name: 'deleteIntegration', inputType: 'DeleteIntegrationInput', actor: 'owner', input: (world) => fc.record({ integrationId: id(world, fresh('integration')) }) },
  {
    name: 'addMember',
    inputType: 'AddMemberInput',
    actor: 'owner',
    entity: 'member',
    input: () => fc.record({ email: fc.oneof(anyText(), fc.emailAddress(), fc.uuid().map((uuid) => ` ${uuid.slice(0, 8)}@Example.test `)), role: anyEnum(['VIEWER', 'EDITOR', 'ADMIN', 'OWNER']) }),
    readBack: { fragment: '... on Member { user { email } }', stored: { email: ['user.email', (email) => email.trim().toLowerCase()] } },
  },
  {
    name: 'updateMemberRole',
    inputType: 'UpdateMemberRoleInput',
    actor: 'owner',
    entity: 'member',
    input: (world) => fc.record({ memberId: id(world, fresh('member')), role: anyEnum(['VIEWER', 'EDITOR', 'ADMIN', 'OWNER']) }),
  },
  { name: 'removeMember', inputType: 'RemoveMemberInput', actor: 'owner', input: (world) => fc.record({ memberId: id(world, fresh('member')) }) },
  {
    name: 'createOrganization',
    inputType: 'CreateOrganizationInput',
    actor: 'owner',
    entity: 'organization',
    input: () => fc.record({ name: name(), slug: fc.oneof(anyText(), fc.uuid().map((uuid) => `fuzz-${uuid.slice(0, 8)}`)) }),
    // A new organization is read as the active one: it answers only there.
    readBack: { fragment: '... on Organization { name slug }', stored: { name: ['name', trim], slug: ['slug'] }, as: (world, input) => world.g.as(world.ownerId, String(input.slug)) },
  },
  {
    name: 'updateOrganization',
    inputType: 'UpdateOrganizationInput',
    actor: 'owner',
    entity: 'organization',
    input: () => fc.record({ name: some(name()), plan: some(anyEnum(['FREE', 'TEAM', 'ENTERPRISE'])) }),
    readBack: { fragment: '... on Organization { name }', stored: { name: ['name', trim] } },
  },
  {
    name: 'createApiKey',
    inputType: 'CreateApiKeyInput',
    actor: 'owner',
    entity: 'apiKey',
    input: () =>
      fc.record({
        name: name(),
        scopes: fc.oneof(fc.array(anyEnum(SCOPES), { maxLength: 4 }), fc.subarray([...SCOPES], { minLength: 1 })),
        expiresAt: optional(fc.oneof(anyText(), fc.date({ noInvalidDate: true }).map((date) => date.toISOString()))),
      }),
    readBack: { fragment: '... on ApiKey { name }', stored: { name: ['name', trim] } },
  },
  { name: 'revokeApiKey', inputType: 'RevokeApiKeyInput', actor: 'owner', entity: 'apiKey', input: (world) => fc.record({ apiKeyId: id(world, fresh('apiKey')) }) },
];
