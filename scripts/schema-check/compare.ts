import { diff, CriticalityLevel, type Change } from '@graphql-inspector/core';
import { buildSchema, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

/**
 * What the schema check judges: the changes between the last committed schema and this build's
 * (GraphQL Inspector's diff, each with its criticality). A BREAKING change (a removed field, argument or enum value, a narrowed type, a new
 * required argument) fails the check; DANGEROUS ones (a new enum value, a changed default) are shown.
 */

export interface SchemaChanges {
  breaking: Change[];
  dangerous: Change[];
  safe: Change[];
}

/** The schema as schema.graphql holds it: what clients generate types from. */
export const schemaSdl = (schema: GraphQLSchema) => printSchema(lexicographicSortSchema(schema)) + '\n';

/**
 * Both sides are compared as printed SDL, so that a deprecation (a directive in SDL, a property on a
 * built schema) reads the same on both.
 */
export async function schemaChanges(previousSdl: string, current: GraphQLSchema): Promise<SchemaChanges> {
  const changes = await diff(buildSchema(previousSdl), buildSchema(schemaSdl(current)));
  const at = (level: CriticalityLevel) => changes.filter((change) => change.criticality.level === level);
  return { breaking: at(CriticalityLevel.Breaking), dangerous: at(CriticalityLevel.Dangerous), safe: at(CriticalityLevel.NonBreaking) };
}

/** One line per change, as the check prints them and CHANGELOG.md lists them. */
export const describeChange = (change: Change) => `${change.path ?? ''}: ${change.message}`.replace(/^: /, '');
