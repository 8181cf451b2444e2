import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import * as privileged from '../../src/db/privileged.js';
import { PROJECT_ROOT } from '../../src/runtime/paths.js';

/**
 * The paths that bypass row-level security are few and named. These tests keep the list honest:
 * privileged.ts exports exactly what PRIVILEGED_OPERATIONS names, and the login-role connection (the
 * `base` client or the raw driver) is used only where a reason is written down below.
 */
const MAY_USE_BASE: Record<string, string> = {
  'src/db/privileged.ts': 'the named privileged paths themselves',
  'src/db/driver.ts': 'opens the connection',
  'src/db/client.ts': 'builds the base client on the connection',
  'src/db/migrator.ts': 'migrations have no tenant',
  'src/db/tenant.ts': 'builds the tenant-scoped handle on top of it',
  'src/db/request-session.ts': 'builds the request-scoped tenant session on top of it',
  'src/db/session-client.ts': 'the request session’s PrismaClient look-alike, running every call in that session’s transaction',
  'src/db/database.ts': 'creates it',
  'src/db/seed.ts': 'seeding has no tenant',
  'src/db/seed-scale.ts': 'seeding has no tenant',
  'src/graphql/context.ts': 'hands it to authentication and the privileged paths',
  'src/http/server.ts': 'passes it to the context and the trusted-document store',
  'src/graphql/loaders.ts': 'passes it to the viewer-role loader (the caller’s own memberships)',
  'src/cli/commands/api-key.ts': 'calls privileged lookups, then works through forTenant',
  'src/cli/commands/operations.ts': 'operators register trusted documents (privileged savePersistedOperations)',
  'src/cli/commands/token.ts': 'looks a user up by email (privileged findUserByEmail)',
  'src/http/routes/health.ts': 'the readiness probe runs SELECT 1',
  'src/persisted/trusted-documents.ts': 'trusted documents are global (privileged findPersistedOperation)',
  'src/cli/seed.ts': 'seeding has no tenant',
  'src/auth/api-key.ts': 'an API key is found by its prefix before its tenant is known',
  'src/auth/authenticate.ts': 'the membership check that selects the tenant',
  'src/modules/viewer/viewer.types.ts': 'viewer.memberships spans the caller’s organizations',
  'src/modules/member/member.loaders.ts': 'Organization.viewerRole reads the caller’s own memberships',
  'src/modules/execution/execution.event-reads.ts': 'an event’s row is read once per organization and permission set, through forTenant on it',
  'src/modules/organization/organization.mutations.ts': 'a new organization has no tenant yet',
  'src/modules/organization/services/create-organization.ts': 'a new organization has no tenant yet',
  'src/modules/member/member.mutations.ts': 'addMember may create an account (privileged findOrCreateUserByEmail)',
  'src/modules/member/services/add-member.ts': 'addMember may create an account (privileged findOrCreateUserByEmail)',
  'src/db/seed-once.ts': 'the demo-seed marker is global, and seeding has no tenant',
  'src/db/audit/': 'db audit reads the catalog and every tenant’s rows (orphans) as the operator',
  'src/cli/commands/db.ts': 'opens the connection db audit reads through',
  'src/ws/admit-connection.ts': 'authenticates a socket before its tenant is known, as authenticate.ts does',
  'src/ws/subscription-server.ts': 'passes it to admission and the session watcher',
  'src/ws/watch-session.ts': 'a socket ends when its membership ends (privileged findMembership, as authentication reads it)',
  'src/db/replicas.ts': 'opens the standbys’ login-role clients (request sessions set the tenant on them as on the primary) and probes WAL positions',
  'src/events/open-event-bus.ts': 'LISTEN/NOTIFY is a connection-level channel with no tenant; events carry their organization',
};

/** A key ending in `/` covers every file under that folder. */
function reasonFor(file: string): string | undefined {
  return MAY_USE_BASE[file] ?? Object.entries(MAY_USE_BASE).find(([key]) => key.endsWith('/') && file.startsWith(key))?.[1];
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(PROJECT_ROOT, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith('src/generated/'));
}

describe('privileged database paths', () => {
  it('exports exactly the operations PRIVILEGED_OPERATIONS names', () => {
    const exported = Object.keys(privileged).filter((name) => name !== 'PRIVILEGED_OPERATIONS' && typeof (privileged as Record<string, unknown>)[name] === 'function');
    expect(exported.sort()).toEqual([...privileged.PRIVILEGED_OPERATIONS].sort());
  });

  /** Source files that reach the login-role connection: any `.base` read or raw `.driver` statement, or a parameter typed as either. */
  async function filesUsingLoginRole(): Promise<string[]> {
    const users: string[] = [];
    for (const file of await sourceFiles(path.join(PROJECT_ROOT, 'src'))) {
      const text = await readFile(path.join(PROJECT_ROOT, file), 'utf8');
      if (/\.base\b|\.driver\.(query|transaction)\b|\b\w+\??: (PrismaClient|Driver|SqlSession)\b/.test(text)) users.push(file);
    }
    return users;
  }

  it('uses the login-role connection only in the files listed with a reason', async () => {
    expect((await filesUsingLoginRole()).filter((file) => !reasonFor(file))).toEqual([]);
  });

  it('lists no file that no longer uses it', async () => {
    const users = await filesUsingLoginRole();
    expect(Object.keys(MAY_USE_BASE).filter((key) => !users.some((file) => file === key || (key.endsWith('/') && file.startsWith(key))))).toEqual([]);
  });
});
