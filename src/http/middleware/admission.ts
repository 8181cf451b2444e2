import type { RequestHandler, Response } from 'express';
import type { Admission } from '../../admission/admission.js';
import type { RequestLane } from '../../admission/lanes.js';
import { AppError } from '../../graphql/errors.js';
import { noteAdmission } from '../../runtime/observation.js';
import { authenticationOf } from './authentication.js';
import { refuse } from './refuse.js';

/** The lane the request was admitted in: its pool share (TENANT_MAX_CONNECTIONS) is that lane's. */
export const laneOf = (res: Response): RequestLane | undefined => res.locals.lane as RequestLane | undefined;

/**
 * Fair admission (admission/admission.ts) for HTTP: right after authentication, before the body is
 * read or parsed, so a tenant's flood of expensive documents waits in its own lane without taking
 * the CPU. The place is held until the response is done or the client leaves; a client that leaves
 * while waiting leaves the queue.
 */
export function admission(fair: Admission): RequestHandler {
  return async (req, res, next) => {
    const identified = authenticationOf(res);
    if (!identified) return next(); // not a GET or POST: nothing runs
    const lane = fair.laneOf(identified);
    const gone = new AbortController();
    const leave = () => gone.abort();
    res.once('close', leave);
    try {
      const ticket = await fair.enter(lane, gone.signal);
      res.off('close', leave);
      // A client that left just as its turn came has closed the response before anyone could listen.
      if (res.closed) return ticket.release();
      res.once('close', ticket.release);
      noteAdmission(ticket.waitedMs);
      res.locals.lane = lane;
      next();
    } catch (error) {
      res.off('close', leave);
      if (error instanceof AppError) refuse(res, error);
      else if (!gone.signal.aborted) next(error);
    }
  };
}
