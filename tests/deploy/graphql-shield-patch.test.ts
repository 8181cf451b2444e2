import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PROJECT_ROOT } from '../../src/runtime/paths.js';

/**
 * graphql-shield 7.6.5 (its last release) calls `util.isUndefined`, which Node.js 23 removed: on
 * Node 24 and 26 the ESM build fails to load and the CJS build throws at the first `chain`/`race`
 * rule. patches/graphql-shield+7.6.5.patch replaces it, and `npm install`/`npm ci` apply it
 * (postinstall: patch-package). This fails when an install skipped the patch, whatever Node runs it.
 */
const BUILDS = ['esm/rules.js', 'cjs/rules.js'];
const REMOVED_IN_NODE_23 = /\bisUndefined\b|\bisNullOrUndefined\b|\bisNull\b|\bisPrimitive\b/;

describe('graphql-shield as installed', () => {
  it.each(BUILDS)('%s uses nothing that Node.js 23 removed from node:util', (build) => {
    const source = readFileSync(path.join(PROJECT_ROOT, 'node_modules', 'graphql-shield', build), 'utf8');
    expect(source).not.toMatch(REMOVED_IN_NODE_23);
    expect(source).not.toMatch(/require\("util"\)|from 'util'/);
  });

  it('is the version the patch was written for', () => {
    const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'node_modules', 'graphql-shield', 'package.json'), 'utf8')) as { version: string };
    const patch = `graphql-shield+${version}.patch`;
    expect(readFileSync(path.join(PROJECT_ROOT, 'patches', patch), 'utf8')).toContain('rule === undefined');
  });
});
