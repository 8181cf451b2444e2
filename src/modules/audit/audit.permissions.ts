import { and } from 'graphql-shield';
import { canAct } from '../../auth/rules.js';
import { isActiveOrganization } from '../organization/organization.permissions.js';

/** The audit log: ADMINs (or audit:read) read it; nobody writes it except the mutations themselves. */
const canRead = canAct('ADMIN', 'audit:read');

export const auditPermissions = {
  Organization: { auditLog: and(canRead, isActiveOrganization) },
  AuditLogEntry: { '*': canRead },
};
