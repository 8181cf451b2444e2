import { isAuthenticated } from '../auth/rules.js';

/**
 * Relay's `node`/`nodes` need an actor; what they return is then guarded by the returned type's own
 * rules, and each type's lookup is limited to the active organization (ids of other tenants are null).
 */
export const nodePermissions = {
  Query: { node: isAuthenticated, nodes: isAuthenticated },
};
