import { HeaderMap } from '@apollo/server';
import { AppError, ErrorCode } from '../graphql/errors.js';

/** Why an organization's request was refused: fair admission, or its cost budget. */
export type RefusalReason = 'queue full' | 'waited too long' | 'connections busy' | 'cost budget spent';

const MESSAGES: Record<RefusalReason, string> = {
  'queue full': 'Too many requests from this organization are waiting',
  'waited too long': "This organization's request waited too long for its turn",
  'connections busy': "This organization's database connections stayed busy too long",
  'cost budget spent': "This organization's query-cost budget for the minute is spent",
};

/**
 * RATE_LIMITED for one organization (SPEC §11): HTTP 429, `Retry-After`, `extensions.scope:
 * "organization"` and `retryAfterSeconds`. Other organizations are not affected. An AppError, so
 * formatError and the early-refusing middleware show it as it is.
 */
export class AdmissionRefused extends AppError {
  constructor(
    readonly reason: RefusalReason,
    retryAfterSeconds = 1,
  ) {
    super(ErrorCode.RATE_LIMITED, `${MESSAGES[reason]}: retry in ${retryAfterSeconds} s`, {
      scope: 'organization',
      reason,
      retryAfterSeconds,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
    });
  }
}
