import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { Context } from '../context.js';
import { ErrorCode, RETRY_AFTER_SECONDS } from '../errors.js';

/**
 * Ends the request's tenant session as soon as the result is complete, before it is serialized and
 * written, so its connection is back in the pool when the client reads the response (one COMMIT
 * round trip; the session only holds reads, see db/request-session.ts, so its outcome has nothing
 * to tell the client). The HTTP layer also ends it when the client goes away first.
 */
export function requestSession(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, operation }) {
          await contextValue.db.release().catch(() => {});
          // Before the response leaves: the actor's next read, on any gateway, must see this write.
          if (operation?.operation === 'mutation') await contextValue.wrote?.().catch(() => {});
          markServiceUnavailable(response);
        },
      };
    },
  };
}

type Response = GraphQLRequestContextWillSendResponse<Context>['response'];

/**
 * A read that found the pool saturated or the database away fails inside execution, where the
 * error cannot set the HTTP status itself: a response carrying SERVICE_UNAVAILABLE is a 503 with
 * Retry-After, so load balancers and clients back off instead of seeing a 200.
 */
function markServiceUnavailable(response: Response): void {
  if (response.body.kind !== 'single') return;
  const errors = response.body.singleResult.errors ?? [];
  if (!errors.some((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) return;
  response.http.status = 503;
  response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
}
