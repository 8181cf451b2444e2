import { permissionSet } from '../../auth/actor.js';
import { coversReadArgs, mergeReadArgs, type ReadArgs } from '../../db/merge-selections.js';
import { forTenant } from '../../db/tenant.js';
import type { WorkflowExecution } from '../../generated/prisma/client.js';
import type { Context } from '../../graphql/context.js';
import { NO_TENANT } from '../ids.js';

/**
 * One subscription asking for the row an event names: its context (the same object for each of its
 * events), with the subscriber's organization, permissions and the read slots.
 */
export type EventReader = Pick<Context, 'base' | 'organization' | 'actor' | 'role' | 'eventReads'>;

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

/** The subscriber's own organization: the read's tenant, whatever the event says. */
const organizationOf = (reader: EventReader) => reader.organization?.id ?? NO_TENANT;

/**
 * Who may share a read: the same organization and the same permissions (a role, or an API key's
 * scopes). Each subscriber's own execution still runs its shield rules on every field it selected;
 * sharing only within one permission set means a row never even reaches the memory of a subscriber
 * whose permissions differ from those it was read for.
 */
function sharingKey(reader: EventReader): string {
  let key = sharingKeys.get(reader);
  if (key === undefined) {
    sharingKeys.set(reader, (key = `${organizationOf(reader)}|${permissionSet(reader.actor, reader.role)}`));
  }
  return key;
}

/** A subscription's sharing key, built once: it is asked for twice per event per subscriber. */
const sharingKeys = new WeakMap<EventReader, string>();

/**
 * The read under a tenant handle of the subscriber's organization (role flowgate_app, app.org_id
 * set): an event routed to the wrong socket finds nothing. No user is set: the one thing
 * `app.user_id` adds is a person's own `users` row, which a member already sees through the
 * membership every subscriber needs.
 */
function readRow(reader: EventReader, executionId: string, args: ReadArgs): Promise<WorkflowExecution> {
  const organizationId = organizationOf(reader);
  const db = forTenant(reader.base, { organizationId, userId: null });
  const read = () => db.prisma.workflowExecution.findUniqueOrThrow({ ...args, where: { id: executionId, organizationId } });
  const row = reader.eventReads ? reader.eventReads(read) : read();
  row.catch(() => undefined); // a failure is each subscriber's to report when it awaits the row; until then it is not unhandled
  return row;
}

/** When a read starts: after the selections that may still join it have done so. */
type Defer = (start: () => void) => void;

/** A read that starts later (see Defer), with the selections merged into it by then. */
function scheduleRead(reader: EventReader, executionId: string, args: ReadArgs, defer: Defer): SharedRead {
  const shared: SharedRead = { args, issued: false, row: undefined as never };
  shared.row = new Promise<void>((resolve) => defer(resolve)).then(() => {
    shared.issued = true;
    return readRow(reader, executionId, shared.args);
  });
  return shared;
}

/** After this turn's subscribers have reached their resolvers (every microtask of the delivery). */
const afterResolvers: Defer = (start) => setImmediate(start);

function readsFor(event: object, reader: EventReader): SharedRead[] {
  let byKey = readsByEvent.get(event);
  if (!byKey) readsByEvent.set(event, (byKey = new Map()));
  const key = sharingKey(reader);
  const reads = byKey.get(key) ?? [];
  byKey.set(key, reads);
  return reads;
}

/** A read of this event that answers `query`: one already made that covers it, or one about to be made, merged. */
function joinRead(reads: SharedRead[], query: ReadArgs): SharedRead | undefined {
  for (const shared of reads) {
    if (shared.issued) {
      if (coversReadArgs(shared.args, query)) return shared;
      continue;
    }
    const merged = mergeReadArgs(shared.args, query);
    if (merged) {
      shared.args = merged;
      return shared;
    }
  }
  return undefined;
}

/** The selection each subscription (its context) read its previous event with: a subscription's selection does not change. */
const lastSelections = new WeakMap<EventReader, ReadArgs>();

/**
 * The row `event` names, read once for every subscriber of one organization and permission set:
 * the selections of the subscribers the event reaches in one turn are merged into one statement
 * (relations included, as LATERAL joins); a subscriber that comes later reuses a read that
 * already covers its selection. Selections that cannot merge (one relation under two different
 * page arguments) read apart, still once per distinct shape rather than once per subscriber.
 */
export function readExecutionForEvent(reader: EventReader, event: { executionId: string }, query: ReadArgs): Promise<WorkflowExecution> {
  lastSelections.set(reader, query);
  const reads = readsFor(event, reader);
  const joined = joinRead(reads, query);
  if (joined) return joined.row;
  const shared = scheduleRead(reader, event.executionId, query, afterResolvers);
  reads.push(shared);
  return shared.row;
}

/**
 * Starts the read as the event is handed out, with each subscription's selection of its previous
 * event, instead of after every subscriber's execution has reached its resolver: with a thousand
 * subscribers that is tens of milliseconds the read now overlaps. The bus hands an event to all
 * of an organization's listeners in one synchronous loop; the read starts in the first microtask
 * after it, ahead of the subscribers' executions, with every listener's selection merged.
 */
export function prefetchExecutionForEvent(reader: EventReader, event: { executionId: string }): void {
  const query = lastSelections.get(reader);
  if (!query) return;
  const reads = readsFor(event, reader);
  if (!joinRead(reads, query)) reads.push(scheduleRead(reader, event.executionId, query, queueMicrotask));
}
