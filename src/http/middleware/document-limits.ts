import type { Request, RequestHandler } from 'express';
import { ErrorCode } from '../../graphql/errors.js';
import { createDocumentLimits, type DocumentLimitsOptions } from '../../limits/document-limits.js';
import { limitExceeded } from '../../limits/limit-exceeded.js';

function queryText(req: Request): string | undefined {
  const source: unknown = req.method === 'GET' ? req.query : req.body;
  if (!source || typeof source !== 'object' || Array.isArray(source)) return undefined;
  const query = (source as { query?: unknown }).query;
  return typeof query === 'string' ? query : undefined;
}

/**
 * The document limits (limits/document-limits.ts) ahead of Apollo: a request over one gets
 * QUERY_TOO_COMPLEX with HTTP 400 before Apollo parses or validates it. Requests that carry no text
 * (a persisted-query hash) were checked when the text was registered.
 */
export function documentLimits(options: DocumentLimitsOptions = {}): RequestHandler {
  const check = createDocumentLimits(options);
  return (req, res, next) => {
    const text = queryText(req);
    const exceeded = text === undefined ? [] : check(text);
    if (exceeded.length === 0) return next();
    const errors = exceeded.map((violation) => ({
      message: limitExceeded(violation).message,
      extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, ...violation },
    }));
    res.status(400).json({ errors });
  };
}
