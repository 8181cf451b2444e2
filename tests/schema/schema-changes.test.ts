import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { unguardedSchema } from '../../src/graphql/schema.js';
import { operationProblem } from '../../src/persisted/operation-problem.js';
import { MANIFEST_PATH, parseManifest } from '../../src/persisted/trusted-documents.js';
import { PROJECT_ROOT } from '../../src/runtime/paths.js';
import { describeChange, schemaChanges, schemaSdl } from '../../scripts/schema-check/compare.js';

/**
 * The schema check CI runs (`npm run schema:check`): a change that would break a client's operation
 * fails it, a compatible one does not, and every shipped trusted operation validates.
 */
describe('the schema check', () => {
  const committed = () => readFile(path.join(PROJECT_ROOT, 'schema.graphql'), 'utf8');

  it('finds nothing between the committed schema.graphql and this build', async () => {
    expect(schemaSdl(unguardedSchema)).toBe(await committed());
    const changes = await schemaChanges(await committed(), unguardedSchema);
    expect([...changes.breaking, ...changes.dangerous, ...changes.safe]).toEqual([]);
  });

  it('calls a removed argument, enum value or field breaking, and a new optional argument not', async () => {
    const sdl = await committed();
    // As if the previous release had more than this build: this build then lacks each of them.
    const richer = sdl
      .replace('enum ExecutionOrder {', 'enum ExecutionOrder {\n  DURATION_DESC\n')
      .replace(/(\n\s+provider: String @deprecated)/, '\n    legacy: Boolean$1')
      .replace('type Execution implements Node {', 'type Execution implements Node {\n  retries: Int\n');
    const breaking = (await schemaChanges(richer, unguardedSchema)).breaking.map(describeChange);
    expect(breaking).toEqual(
      expect.arrayContaining([expect.stringContaining('DURATION_DESC'), expect.stringContaining('legacy: Boolean'), expect.stringContaining("'retries'")]),
    );
    const poorer = sdl.replace(/\n\s+"""[^"]*"""\n\s+orderBy: \[AuditLogEntryOrder!\]/, '');
    expect(poorer).not.toBe(sdl);
    const added = await schemaChanges(poorer, unguardedSchema);
    expect(added.breaking).toEqual([]);
    expect(added.dangerous.map(describeChange)).toEqual([expect.stringContaining("Argument 'orderBy: [AuditLogEntryOrder!]' added")]);
  });

  it('validates every shipped trusted operation against this build', async () => {
    const manifest = parseManifest(await readFile(MANIFEST_PATH, 'utf8'), MANIFEST_PATH);
    expect(manifest.operations.length).toBeGreaterThan(0);
    expect(manifest.operations.map((operation) => operationProblem(unguardedSchema, operation)).filter(Boolean)).toEqual([]);
    const [first] = manifest.operations;
    const renamed = first.body.replace(/\{/, '{ noSuchField ');
    expect(operationProblem(unguardedSchema, { ...first, body: renamed })).toContain('id is not the SHA-256');
  });
});
