import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '../db/client.js';
import { findPersistedOperation, type OperationRecord } from '../db/privileged.js';
import { OPERATIONS_DIR } from '../runtime/paths.js';

/** Apollo's persisted-query manifest format (what `npm run codegen` writes to operations/manifest.json). */
export interface OperationManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: OperationRecord[];
}

export const MANIFEST_PATH = path.join(OPERATIONS_DIR, 'manifest.json');

export function parseManifest(text: string, source: string): OperationManifest {
  const manifest = JSON.parse(text) as Partial<OperationManifest>;
  if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw new Error(`${source} is not an apollo-persisted-query-manifest, version 1`);
  }
  return manifest as OperationManifest;
}

/**
 * The reviewed operations partners may run: the manifest shipped with the gateway, plus those an
 * operator registered at run time (`flowgate operations register`), read from the database so every
 * replica sees them without a restart.
 */
export class TrustedDocuments {
  private constructor(
    private readonly base: PrismaClient,
    private readonly shipped: Map<string, OperationRecord>,
  ) {}

  static async load(base: PrismaClient, manifestPath = MANIFEST_PATH): Promise<TrustedDocuments> {
    const manifest = parseManifest(await readFile(manifestPath, 'utf8'), manifestPath);
    return new TrustedDocuments(base, new Map(manifest.operations.map((operation) => [operation.id, operation])));
  }

  /** The operation with this id (SHA-256 of its body), or undefined. */
  async find(id: string): Promise<OperationRecord | undefined> {
    if (!/^[0-9a-f]{64}$/.test(id)) return undefined;
    return this.shipped.get(id) ?? (await findPersistedOperation(this.base, id)) ?? undefined;
  }

  get shippedCount(): number {
    return this.shipped.size;
  }
}
