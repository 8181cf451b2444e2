import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler, Response } from 'express';
import type { Identified } from '../../auth/authenticate.js';
import { AppError } from '../../graphql/errors.js';
import { noteContext } from '../../runtime/observation.js';
import type { LimitRate } from '../../rate-limit/rate-limit.js';
import { refuse } from './refuse.js';

export interface AuthenticationOptions {
  /** Credentials → actor (the membership check is the context's); throws UNAUTHENTICATED for bad credentials. */
  authenticate: (headers: IncomingHttpHeaders) => Promise<Identified>;
  /** The rate limit, charged as soon as the actor (or the refusal) is known. */
  limitRate: LimitRate;
}

/** Where the context finds the request's authentication. */
export const authenticationOf = (res: Response): Identified | undefined => res.locals.authentication as Identified | undefined;

/**
 * Authentication and the rate limit, first of all GraphQL policies: credentials that are present but
 * bad get UNAUTHENTICATED whatever else the request carries (an oversized or malformed body, a
 * query that breaks a limit, free text from an API key, only `__typename`), so a client that got
 * its key wrong hears that and not something that hides it. Charging here also means a flood is
 * refused before its body is read or parsed. The outcome waits in `res.locals` for the context.
 */
export function authentication({ authenticate, limitRate }: AuthenticationOptions): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'POST') return next();
    try {
      res.locals.authentication = await limitRate(req.ip, async () => noteContext(await authenticate(req.headers)));
      next();
    } catch (error) {
      if (error instanceof AppError) refuse(res, error);
      else next(error);
    }
  };
}
