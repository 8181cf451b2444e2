import { Prisma, type Organization } from '../generated/prisma/client.js';

/**
 * An organization's columns under `org_` aliases, for the authentication look-ups that fetch a row
 * and its organization in one statement. They run on every request; Prisma's `include` would spend a
 * second round trip on the organization.
 */
export const ORGANIZATION_COLUMNS = Prisma.sql`o."id" AS "org_id", o."name" AS "org_name", o."slug" AS "org_slug",
  o."plan"::text AS "org_plan", o."createdAt" AS "org_createdAt", o."updatedAt" AS "org_updatedAt"`;

export interface OrganizationColumns {
  org_id: string;
  org_name: string;
  org_slug: string;
  org_plan: Organization['plan'];
  org_createdAt: Date;
  org_updatedAt: Date;
}

export function organizationFrom(row: OrganizationColumns): Organization {
  return {
    id: row.org_id,
    name: row.org_name,
    slug: row.org_slug,
    plan: row.org_plan,
    createdAt: new Date(row.org_createdAt),
    updatedAt: new Date(row.org_updatedAt),
  };
}
