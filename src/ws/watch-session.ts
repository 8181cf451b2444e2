import { decodeJwt } from 'jose';
import type { PrismaClient } from '../db/client.js';
import { findApiKeyById, findMembership } from '../db/privileged.js';
import type { EventBus } from '../events/event-bus.js';
import type { GatewayEvent } from '../events/gateway-event.js';
import { AppError, ErrorCode } from '../graphql/errors.js';
import { CloseCode } from './close-codes.js';
import { bearerToken } from './credentials.js';
import type { SocketSession } from './socket-session.js';

/** setTimeout's ceiling (about 24.8 days); a token living longer is re-checked then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `end` at `expiresAtMs` (epoch milliseconds), unless the socket has closed by then. */
function atExpiry(session: SocketSession, expiresAtMs: number, end: () => void): void {
  const expire = () => {
    const left = expiresAtMs - Date.now();
    if (left > 0) return void (timer = setTimeout(expire, Math.min(left, MAX_TIMER_MS)).unref());
    end();
  };
  let timer: NodeJS.Timeout | undefined;
  expire();
  session.onClose(() => clearTimeout(timer));
}

/** The token's expiry ends the socket's subscriptions with UNAUTHENTICATED, then closes it with 4401. */
function endAtTokenExpiry(session: SocketSession): void {
  const token = bearerToken(session.headers);
  const exp = token ? decodeJwt(token).exp : undefined; // verified at connection_init already
  if (exp === undefined) return;
  atExpiry(session, exp * 1000, () =>
    session.end(CloseCode.Unauthorized, 'Token expired', new AppError(ErrorCode.UNAUTHENTICATED, 'Your bearer token expired: reconnect with a new one')),
  );
}

/**
 * Runs `recheck` on each event `matches` (published after its change commits) and after an
 * event-bus outage, during which such an event may have been lost, until the socket closes.
 */
function recheckOn(session: SocketSession, events: EventBus, organizationId: string, matches: (event: GatewayEvent) => boolean, recheck: () => Promise<void>): void {
  const check = () => void recheck().catch(() => undefined);
  const stop = events.listen(organizationId, {
    event: (event) => matches(event) && check(),
    status: (status) => status === 'resumed' && check(),
  });
  session.onClose(stop);
}

/**
 * An API key that is revoked (published after the revocation commits), expires, or is found revoked
 * after an event-bus outage ends the socket's subscriptions with UNAUTHENTICATED and closes it with 4401.
 */
function endWhenApiKeyEnds(session: SocketSession, base: PrismaClient, events: EventBus): void {
  const { actor } = session.auth;
  if (actor?.kind !== 'apiKey') return;
  const end = (why: 'revoked' | 'expired') =>
    session.end(CloseCode.Unauthorized, `API key ${why}`, new AppError(ErrorCode.UNAUTHENTICATED, `This API key was ${why}: reconnect with a valid one`));
  recheckOn(session, events, actor.organizationId, (event) => event.kind === 'api-key' && event.apiKeyId === actor.apiKeyId, async () => {
    const key = await findApiKeyById(base, actor.apiKeyId);
    if (!key || key.revokedAt) return end('revoked');
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) return end('expired');
  });
  if (actor.expiresAt) atExpiry(session, actor.expiresAt.getTime(), () => end('expired'));
}

/**
 * A membership change in the socket's organization (published after it commits) re-reads this
 * person's membership; when it is gone, their subscriptions end with FORBIDDEN and the socket closes
 * with 4403. After an event-bus outage, during which such an event may have been lost, it re-reads too.
 */
function endWhenMembershipEnds(session: SocketSession, base: PrismaClient, events: EventBus): void {
  const { actor, organization } = session.auth;
  if (actor?.kind !== 'user') return;
  recheckOn(session, events, organization.id, (event) => event.kind === 'membership' && event.userId === actor.userId, async () => {
    if (await findMembership(base, actor.userId, organization.id)) return;
    session.end(CloseCode.Forbidden, 'Membership ended', new AppError(ErrorCode.FORBIDDEN, `Your membership of organization "${organization.slug}" ended`));
  });
}

export function watchSession(session: SocketSession, base: PrismaClient, events: EventBus): void {
  endAtTokenExpiry(session);
  endWhenMembershipEnds(session, base, events);
  endWhenApiKeyEnds(session, base, events);
}
