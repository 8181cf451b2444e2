import type { ErrorRequestHandler } from 'express';
import { ErrorCode } from '../../graphql/errors.js';

/**
 * Turns the body parser's refusals into GraphQL-shaped JSON: an oversized body is HTTP 413 naming the
 * limit, malformed JSON is 400. Anything else goes on to Express's default handler.
 */
export function bodyErrors(maxBodyBytes: number): ErrorRequestHandler {
  return (error: { type?: string; length?: number }, _req, res, next) => {
    if (error.type === 'entity.too.large') {
      res.status(413).json({
        errors: [
          {
            message: `Request body is larger than ${maxBodyBytes} bytes`,
            extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'bodyBytes', max: maxBodyBytes, actual: error.length },
          },
        ],
      });
    } else if (error.type === 'entity.parse.failed') {
      res.status(400).json({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
    } else {
      next(error);
    }
  };
}
