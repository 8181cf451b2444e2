import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../../db/unavailable.js';
import { ErrorCode, RETRY_AFTER_SECONDS } from '../../graphql/errors.js';

export interface UnexpectedErrorsOptions {
  logger: Logger;
}

interface HttpError {
  status?: number;
  expose?: boolean;
  message?: string;
}

/**
 * The last error handler: what no route or earlier handler answered. A client error the body parser
 * meant to show (an unsupported charset, HTTP 415) keeps its status and message; anything else is
 * logged whole and answered like formatError answers an unexpected GraphQL error: a 500 with
 * INTERNAL_SERVER_ERROR and the request id, never Express' default page with its stack trace.
 */
export function unexpectedErrors({ logger }: UnexpectedErrorsOptions): ErrorRequestHandler {
  return (error: HttpError, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = error?.status;
    if (error?.expose && typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ errors: [{ message: String(error.message), extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
      return;
    }
    if (isDatabaseUnavailable(error)) {
      // A persisted-operation look-up that found the database saturated or away: retry, not a bug.
      res.status(503).set('retry-after', String(RETRY_AFTER_SECONDS));
      res.json({ errors: [{ message: 'The service is overloaded or its database is unavailable; retry shortly', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfterSeconds: RETRY_AFTER_SECONDS } }] });
      return;
    }
    const requestId = res.locals.requestId as string | undefined;
    logger.error({ err: error, requestId }, 'unexpected error');
    res.status(500).json({
      errors: [{ message: `Internal server error${requestId ? ` (request ${requestId})` : ''}`, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId } }],
    });
  };
}
