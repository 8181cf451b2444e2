import { allow } from 'graphql-shield';
import { isAuthenticated } from '../../auth/rules.js';

/**
 * `viewer` answers everyone (null when anonymous), and only ever describes the caller, so its fields
 * need nothing more than an actor. A User seen elsewhere (a member, a creator) is limited to the
 * active organization by the User node's own lookup and by row-level security.
 */
export const viewerPermissions = {
  Query: { viewer: allow },
  Viewer: isAuthenticated,
  Membership: isAuthenticated,
  User: { '*': isAuthenticated },
};
