import { access } from 'node:fs/promises';
import type { Check, CheckResult } from './check.js';

/**
 * The live database against schema.prisma, through Prisma's own schema engine: tables, columns,
 * types, defaults, keys and indexes. The engine is a development dependency; where it is not
 * installed (the production image), the check says so and is skipped rather than guessed at.
 */

const skipped = (summary: string): CheckResult => ({ name: 'drift', status: 'skip', summary, problems: [] });

/** Splits the engine's script into its statements, each under its "-- Comment" heading. */
function statements(script: string): string[] {
  return script
    .split(/\n(?=-- )/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

export const driftCheck: Check = {
  name: 'drift',
  async run(ctx) {
    if (!(await access(ctx.schemaPath).then(() => true, () => false))) return skipped(`${ctx.schemaPath} not found`);
    const engine = await import('../schema-engine.js').catch(() => null);
    if (!engine) return skipped('the schema engine (@prisma/schema-engine-wasm, a development dependency) is not installed');
    // Both kinds speak the PostgreSQL protocol (the embedded one over pglite-socket): one path.
    const script = await engine.diffLivePostgres(ctx.driver.url, ctx.schemaPath);
    const problems = statements(script).map((statement) => {
      const [heading, ...sql] = statement.split('\n');
      const target = /"([^"]+)"/.exec(sql.join(' '))?.[1] ?? '';
      return {
        object: `${heading.replace(/^--\s*/, '')} ${target}`.trim(),
        message: 'the live database differs from schema.prisma; the fix brings it to the schema (review it: it may drop data)',
        fix: sql.join('\n').trim(),
      };
    });
    const summary = problems.length === 0 ? 'the live database matches schema.prisma' : `${problems.length} difference${problems.length === 1 ? '' : 's'} from schema.prisma`;
    return { name: 'drift', status: problems.length === 0 ? 'pass' : 'fail', summary, problems };
  },
};
