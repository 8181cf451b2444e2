import { AppError, ErrorCode } from '../graphql/errors.js';

/** The abuse limits a document can exceed (SPEC §2); `bodyBytes` is refused by the body parser. */
export type LimitName = 'tokens' | 'depth' | 'aliases' | 'fieldRepeats' | 'directives' | 'cost';

/** One exceeded limit, as the client sees it in `extensions`: `{ limit: 'depth', max: 12, actual: 15 }`. */
export interface LimitViolation {
  limit: LimitName;
  max: number;
  actual: number;
}

const DESCRIPTIONS: Record<LimitName, string> = {
  tokens: 'has more tokens',
  depth: 'is nested deeper',
  aliases: 'uses more aliases',
  fieldRepeats: 'repeats a field more often',
  directives: 'puts more directives on one selection',
  cost: 'costs more',
};

/** Every limit `actual` exceeds, in the order given. */
export function violations(measured: Partial<Record<LimitName, number>>, limits: Partial<Record<LimitName, number>>): LimitViolation[] {
  return (Object.keys(measured) as LimitName[])
    .filter((limit) => limits[limit] !== undefined && (measured[limit] ?? 0) > limits[limit]!)
    .map((limit) => ({ limit, max: limits[limit]!, actual: measured[limit]! }));
}

/** QUERY_TOO_COMPLEX, HTTP 400, naming the limit and the measured value. */
export function limitExceeded(violation: LimitViolation): AppError {
  const { limit, max, actual } = violation;
  return new AppError(ErrorCode.QUERY_TOO_COMPLEX, `The query ${DESCRIPTIONS[limit]} than allowed (${limit}: ${actual}, at most ${max})`, {
    limit,
    max,
    actual,
    http: { status: 400 },
  });
}
