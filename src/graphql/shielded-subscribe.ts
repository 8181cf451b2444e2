import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';

/** The parent a subscription field's resolver receives when it is only being asked "may they?". */
export const PERMISSION_PROBE = Symbol('permission probe');

/**
 * graphql-middleware wraps only `resolve` of a field that has both `resolve` and `subscribe`, so
 * graphql-shield would first judge a subscription when its first event arrives. This calls the
 * field's resolver as it stands in the running schema (shielded, or not in tests that leave shield
 * out) with a probe first: shield's refusal becomes the subscription's refusal, before it listens.
 * The field's own resolver must answer the probe with anything but an Error.
 */
export function shieldedSubscribe<Args, Ctx>(subscribe: (root: unknown, args: Args, ctx: Ctx, info: GraphQLResolveInfo) => AsyncIterable<unknown>) {
  return async (root: unknown, args: Args, ctx: Ctx, info: GraphQLResolveInfo) => {
    const resolve = info.parentType.getFields()[info.fieldName].resolve as GraphQLFieldResolver<unknown, Ctx>;
    const verdict: unknown = await resolve(PERMISSION_PROBE, args as Record<string, unknown>, ctx, info);
    if (verdict instanceof Error) throw verdict;
    return subscribe(root, args, ctx, info);
  };
}
