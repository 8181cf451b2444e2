/**
 * src/limits/: abuse limits as functions of plain inputs (document text, operation, variables), used
 * alike by HTTP middleware and the WebSocket subscribe hook. Imports graphql-js, graphql/errors.ts and modules/connection.ts
 * (the page-size cap) only.
 */
import { parse } from 'graphql';
import { countTokens } from './count-tokens.js';
import { measureShape, type DocumentShape } from './document-shape.js';
import { violations, type LimitViolation } from './limit-exceeded.js';

export interface DocumentLimitsOptions {
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

function shapeOf(text: string): DocumentShape | undefined {
  try {
    return measureShape(parse(text, { noLocation: true }));
  } catch {
    return undefined; // a syntax error: the GraphQL server's own parser reports it
  }
}

/**
 * The limits a document's text can break, checked before the document is validated: a huge or
 * pathological document (deep, aliased, duplicated fields, stacked directives) is refused after one
 * lex and one parse, and never reaches validation, whose cost grows with such documents. Cost needs
 * the variables and the chosen operation: cost-limit.ts checks it once those are known. Both
 * transports (HTTP middleware, WebSocket subscribe) call the function this returns.
 */
export function createDocumentLimits({
  maxTokens = 2000,
  maxDepth = 12,
  maxAliases = 30,
  maxFieldRepeats = 10,
  maxDirectives = 5,
}: DocumentLimitsOptions = {}): (text: string) => LimitViolation[] {
  const shapes = new Map<string, DocumentShape | undefined>();

  function cachedShape(text: string): DocumentShape | undefined {
    if (shapes.has(text)) return shapes.get(text);
    const shape = shapeOf(text);
    if (text.length <= CACHEABLE_LENGTH) {
      if (shapes.size >= CACHE_ENTRIES) shapes.delete(shapes.keys().next().value!);
      shapes.set(text, shape);
    }
    return shape;
  }

  return (text) => {
    const tokens = countTokens(text);
    if (tokens > maxTokens) return [{ limit: 'tokens', max: maxTokens, actual: tokens }];
    const shape = cachedShape(text);
    if (!shape) return [];
    const { depth, aliases, fieldRepeats, directives } = shape;
    return violations({ depth, aliases, fieldRepeats, directives }, { depth: maxDepth, aliases: maxAliases, fieldRepeats: maxFieldRepeats, directives: maxDirectives });
  };
}
