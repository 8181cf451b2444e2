/**
 * src/http/middleware/: Express middleware only — each file adapts one concern (from limits/,
 * persisted/, rate-limit/, runtime/) to a request and response. No GraphQL types, no resolvers.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

const ACCEPTABLE_ID = /^[\w.:-]{1,128}$/;

/** Echoes a sane client `x-request-id`, or makes one, on every response. */
export function requestIdMiddleware(): RequestHandler {
  return (req, res, next) => {
    const offered = req.header('x-request-id');
    const requestId = offered && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
    res.setHeader('x-request-id', requestId);
    res.locals.requestId = requestId;
    next();
  };
}
