import type { Actor } from '../../auth/actor.js';
import type { PrismaClient } from '../../db/client.js';
import { coversReadArgs, mergeReadArgs, type ReadArgs } from '../../db/merge-selections.js';
import { forTenant } from '../../db/tenant.js';
import type { Role, WorkflowExecution } from '../../generated/prisma/client.js';

/** One subscriber asking for the row an event names, with its own selection (Pothos' `query`). */
export interface EventReader {
  base: PrismaClient;
  /** The subscriber's own organization: the read's tenant, whatever the event says. */
  organizationId: string;
  actor: Actor | null;
  role: Role | null;
  /** Bounds how many reads use database connections at once (the subscription server's read slots). */
  slots?: <T>(read: () => Promise<T>) => Promise<T>;
}

interface SharedRead {
  args: ReadArgs;
  issued: boolean;
  row: Promise<WorkflowExecution>;
}

/**
 * Per event (the very object the bus handed every listener, so it goes with the event), per
 * (organization, permission set): the reads made or about to be made. Weak: once no subscriber
 * holds the event any more, its reads are gone too.
 */
const readsByEvent = new WeakMap<object, Map<string, SharedRead[]>>();

/**
 * Who may share a read: the same organization and the same permissions (a role, or an API key's
 * scopes). Each subscriber's own execution still runs its shield rules on every field it selected;
 * sharing only within one permission set means a row never even reaches the memory of a subscriber
 * whose permissions differ from those it was read for.
 */
function sharingKey(reader: EventReader): string {
  const permissions = reader.actor?.kind === 'apiKey' ? `scopes:${[...reader.actor.scopes].sort().join(',')}` : `role:${reader.role ?? 'none'}`;
  return `${reader.organizationId}|${permissions}`;
}

/**
 * The read under a tenant handle of the subscriber's organization (role flowgate_app, app.org_id
 * set): an event routed to the wrong socket finds nothing. No user is set: the one thing
 * `app.user_id` adds is a person's own `users` row, which a member already sees through the
 * membership every subscriber needs.
 */
function readRow(reader: EventReader, executionId: string, args: ReadArgs): Promise<WorkflowExecution> {
  const db = forTenant(reader.base, { organizationId: reader.organizationId, userId: null });
  const read = () => db.prisma.workflowExecution.findUniqueOrThrow({ ...args, where: { id: executionId, organizationId: reader.organizationId } });
  return reader.slots ? reader.slots(read) : read();
}

/** A read that starts once this turn's subscribers have all added their selections (after the microtasks of the delivery). */
function scheduleRead(reader: EventReader, executionId: string, args: ReadArgs): SharedRead {
  const shared: SharedRead = { args, issued: false, row: undefined as never };
  shared.row = new Promise((resolve) => setImmediate(resolve)).then(() => {
    shared.issued = true;
    return readRow(reader, executionId, shared.args);
  });
  return shared;
}

/**
 * The row `event` names, read once for every subscriber of one organization and permission set:
 * the selections of the subscribers the event reaches in one turn are merged into one statement
 * (relations included, as LATERAL joins); a subscriber that comes later reuses a read that
 * already covers its selection. Selections that cannot merge (one relation under two different
 * page arguments) read apart, still once per distinct shape rather than once per subscriber.
 */
export function readExecutionForEvent(reader: EventReader, event: { executionId: string }, query: ReadArgs): Promise<WorkflowExecution> {
  let byKey = readsByEvent.get(event);
  if (!byKey) readsByEvent.set(event, (byKey = new Map()));
  const key = sharingKey(reader);
  const reads = byKey.get(key) ?? [];
  byKey.set(key, reads);
  for (const shared of reads) {
    if (shared.issued) {
      if (coversReadArgs(shared.args, query)) return shared.row;
      continue;
    }
    const merged = mergeReadArgs(shared.args, query);
    if (merged) {
      shared.args = merged;
      return shared.row;
    }
  }
  const shared = scheduleRead(reader, event.executionId, query);
  reads.push(shared);
  return shared.row;
}
