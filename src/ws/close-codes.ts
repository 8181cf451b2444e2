/**
 * How the gateway ends a subscription socket (SPEC: Subscriptions). 4400 and 4408 come from
 * graphql-ws itself (a malformed message; no connection_init in time); 1009 from ws (a message over
 * the size limit); the others from the gateway.
 */
export const CloseCode = {
  /** Credentials missing, bad, expired or revoked; also when a token expires on an open socket. */
  Unauthorized: 4401,
  /** Not a member of the named organization (or none named); also when the membership ends. */
  Forbidden: 4403,
  /** Too many sockets for the organization on this replica, or too many subscriptions on this socket. */
  TooMany: 4429,
  /** The gateway is shutting down: reconnect (to another replica). */
  GoingAway: 1001,
} as const;
