import type { Request, RequestHandler } from 'express';
import { parse } from 'graphql';
import { ErrorCode } from '../../graphql/errors.js';
import { countTokens } from '../../limits/count-tokens.js';
import { measureShape, type DocumentShape } from '../../limits/document-shape.js';
import { limitExceeded, violations, type LimitViolation } from '../../limits/limit-exceeded.js';

export interface QueryLimitsOptions {
  /** Lexical tokens per document (MAX_TOKENS). */
  maxTokens?: number;
  /** Field nesting, fragments expanded (MAX_DEPTH). */
  maxDepth?: number;
  /** Aliased fields per operation (MAX_ALIASES). */
  maxAliases?: number;
  /** Times one field or fragment may appear in a single selection set. */
  maxFieldRepeats?: number;
  /** Directives on one field, fragment or operation. */
  maxDirectives?: number;
}

/** Parsed shapes by document text, so a client's repeated query is parsed here once. */
const CACHE_ENTRIES = 500;
const CACHEABLE_LENGTH = 10_000;

function queryText(req: Request): string | undefined {
  const source: unknown = req.method === 'GET' ? req.query : req.body;
  if (!source || typeof source !== 'object' || Array.isArray(source)) return undefined;
  const query = (source as { query?: unknown }).query;
  return typeof query === 'string' ? query : undefined;
}

function shapeOf(text: string): DocumentShape | undefined {
  try {
    return measureShape(parse(text, { noLocation: true }));
  } catch {
    return undefined; // a syntax error: Apollo's parser reports it
  }
}

/**
 * The limits a document's text can break, checked before Apollo parses and validates it: a huge or
 * pathological document (deep, aliased, duplicated fields, stacked directives) is refused after one
 * lex and one parse, and never reaches validation, whose cost grows with such documents. Cost needs
 * the variables and the chosen operation; query-cost.ts checks it once Apollo has resolved them.
 * Requests that carry no text (a persisted-query hash) were checked when the text was registered.
 */
export function queryLimits({
  maxTokens = 2000,
  maxDepth = 12,
  maxAliases = 30,
  maxFieldRepeats = 10,
  maxDirectives = 5,
}: QueryLimitsOptions = {}): RequestHandler {
  const shapes = new Map<string, DocumentShape | undefined>();

  function measure(text: string): LimitViolation[] {
    const tokens = countTokens(text);
    if (tokens > maxTokens) return [{ limit: 'tokens', max: maxTokens, actual: tokens }];
    let shape = shapes.get(text);
    if (!shapes.has(text)) {
      shape = shapeOf(text);
      if (text.length <= CACHEABLE_LENGTH) {
        if (shapes.size >= CACHE_ENTRIES) shapes.delete(shapes.keys().next().value!);
        shapes.set(text, shape);
      }
    }
    if (!shape) return [];
    const { depth, aliases, fieldRepeats, directives } = shape;
    return violations({ depth, aliases, fieldRepeats, directives }, { depth: maxDepth, aliases: maxAliases, fieldRepeats: maxFieldRepeats, directives: maxDirectives });
  }

  return (req, res, next) => {
    const text = queryText(req);
    const exceeded = text === undefined ? [] : measure(text);
    if (exceeded.length === 0) return next();
    const errors = exceeded.map((violation) => ({
      message: limitExceeded(violation).message,
      extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, ...violation },
    }));
    res.status(400).json({ errors });
  };
}
