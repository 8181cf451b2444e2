import type { ApolloServerPlugin } from '@apollo/server';
import type { ApqCache } from '../../persisted/apq-cache.js';

/** Apollo Server's key for an APQ entry: `apq:` before the hash (its APQ_CACHE_PREFIX). */
const apqKey = (hash: string) => `apq:${hash}`;

/**
 * Holds the response of a request that registered an automatic persisted query until the entry is
 * stored (in Redis when configured). Apollo Server writes it without waiting, so a client could
 * otherwise send the hash alone to another replica before that replica can find it, get
 * PERSISTED_QUERY_NOT_FOUND, and fall back to sending the text again.
 */
export function apqRegistration(cache: ApqCache): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ metrics, request }) {
          const hash = (request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
          if (metrics.persistedQueryRegister && typeof hash === 'string') await cache.stored(apqKey(hash));
        },
      };
    },
  };
}
