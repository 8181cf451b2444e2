import type { ExecutionStatus, Role, WorkflowStatus } from '../generated/prisma/enums.js';

/** The demo world of SPEC §9, as data. seed.ts writes it. */

export const DEMO_ORGANIZATIONS = [
  { slug: 'acme', name: 'Acme Corporation', plan: 'TEAM' as const },
  { slug: 'globex', name: 'Globex', plan: 'FREE' as const },
];

export const DEMO_USERS: Array<{ email: string; name: string; memberships: Array<{ organizationSlug: string; role: Role }> }> = [
  { email: 'owner@acme.test', name: 'Olivia Owner', memberships: [{ organizationSlug: 'acme', role: 'OWNER' }] },
  { email: 'admin@acme.test', name: 'Adam Admin', memberships: [{ organizationSlug: 'acme', role: 'ADMIN' }] },
  { email: 'editor@acme.test', name: 'Edith Editor', memberships: [{ organizationSlug: 'acme', role: 'EDITOR' }] },
  { email: 'viewer@acme.test', name: 'Victor Viewer', memberships: [{ organizationSlug: 'acme', role: 'VIEWER' }] },
  { email: 'owner@globex.test', name: 'Gloria Owner', memberships: [{ organizationSlug: 'globex', role: 'OWNER' }] },
  {
    email: 'both@example.test',
    name: 'Bo Both',
    memberships: [
      { organizationSlug: 'acme', role: 'EDITOR' },
      { organizationSlug: 'globex', role: 'VIEWER' },
    ],
  },
];

export interface DemoWorkflow {
  organizationSlug: string;
  name: string;
  description: string;
  status: WorkflowStatus;
  versions: number;
}

export const DEMO_WORKFLOWS: DemoWorkflow[] = [
  { organizationSlug: 'acme', name: 'Welcome email', description: 'Greets every new customer.', status: 'ACTIVE', versions: 3 },
  { organizationSlug: 'acme', name: 'Invoice sync', description: 'Copies paid invoices to accounting.', status: 'ACTIVE', versions: 2 },
  { organizationSlug: 'acme', name: 'Lead scoring', description: 'Scores inbound leads.', status: 'DRAFT', versions: 2 },
  { organizationSlug: 'acme', name: 'Legacy import', description: 'The old CSV import.', status: 'ARCHIVED', versions: 2 },
  { organizationSlug: 'globex', name: 'Ticket triage', description: 'Routes support tickets.', status: 'ACTIVE', versions: 2 },
  { organizationSlug: 'globex', name: 'Nightly report', description: 'Mails the daily numbers.', status: 'DRAFT', versions: 2 },
  { organizationSlug: 'globex', name: 'Old webhook', description: 'Replaced by Ticket triage.', status: 'ARCHIVED', versions: 2 },
];

/** Every ACTIVE demo workflow gets one execution in each status, a few minutes apart. */
export const DEMO_EXECUTION_STATUSES: ExecutionStatus[] = ['SUCCEEDED', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'RUNNING', 'QUEUED'];

export const DEMO_INTEGRATIONS = [
  { organizationSlug: 'acme', provider: 'slack', name: 'Acme Slack', config: { channel: '#ops' }, credentials: { token: 'xoxb-demo-acme' } },
  { organizationSlug: 'acme', provider: 'github', name: 'Acme GitHub', config: { org: 'acme' }, credentials: { token: 'ghp_demo_acme' } },
  { organizationSlug: 'globex', provider: 'salesforce', name: 'Globex CRM', config: { instance: 'globex' }, credentials: { clientSecret: 'demo' } },
  { organizationSlug: 'globex', provider: 'slack', name: 'Globex Slack', config: { channel: '#support' }, credentials: { token: 'xoxb-demo-globex' } },
];

/** A workflow definition that looks like one: a trigger and a few steps. */
export function demoDefinition(name: string, version: number) {
  return {
    trigger: { type: 'webhook' },
    steps: Array.from({ length: version + 1 }, (_, index) => ({ id: `step-${index + 1}`, action: index === 0 ? 'fetch' : 'transform', name: `${name} step ${index + 1}` })),
  };
}
