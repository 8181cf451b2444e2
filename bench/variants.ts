import type { Logger } from 'pino';
import type { Config } from '../src/config.js';
import type { QueryEvent } from '../src/db/client.js';
import { openDatabase } from '../src/db/database.js';
import { startServer } from '../src/http/server.js';
import { startFloor } from './floor.js';

/** The four things the benchmark measures; each layer's cost is the ratio between two of them. */
export const VARIANTS = ['gateway', 'no-shield', 'no-rls', 'floor'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface RunningVariant {
  url: string;
  stop(): Promise<void>;
}

export function isVariant(value: string | undefined): value is Variant {
  return (VARIANTS as readonly string[]).includes(value ?? '');
}

export async function startVariant(
  variant: Variant,
  config: Config,
  options: { logger: Logger; onQuery?: (event: QueryEvent) => void },
): Promise<RunningVariant> {
  if (variant === 'floor') return startFloor(config);
  const database = await openDatabase(config.database, { onQuery: options.onQuery });
  const server = await startServer(
    {
      config,
      database,
      logger: options.logger,
      shield: variant !== 'no-shield',
      isolation: variant === 'no-rls' ? 'privileged' : 'row-level-security',
    },
    0,
  );
  return {
    url: server.url,
    async stop() {
      await server.stop();
      await database.close();
    },
  };
}
