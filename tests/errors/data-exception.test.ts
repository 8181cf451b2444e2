import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Database } from '../../src/db/database.js';
import { formatError } from '../../src/graphql/errors.js';
import { openTestDatabase } from '../support/database.js';

/**
 * The second line behind the input checks: a value the database itself refuses (PostgreSQL's class
 * 22, data exception) is the client's BAD_USER_INPUT, logged as a warning and never as an error.
 * The errors here are real ones, from the run's database, as Prisma reports them.
 */

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

async function refusal(statement: Promise<unknown>): Promise<unknown> {
  try {
    await statement;
  } catch (error) {
    return error;
  }
  throw new Error('the database accepted the value');
}

const formatted = (error: unknown) => {
  const log = { unexpected: jest.fn(), refusedByDatabase: jest.fn() };
  const wrapped = Object.assign(new Error('wrapped by graphql-js'), { originalError: error });
  return { response: formatError({ message: 'x' }, wrapped, () => 'request-1', log), log };
};

describe('a value the database refuses', () => {
  it.each([
    ['a NUL character in text', () => db.base.$queryRaw`SELECT ${'a\u0000b'}::text`, '22021'],
    ['text that is not a uuid', () => db.base.$queryRaw`SELECT ${'not-a-uuid'}::uuid`, '22P02'],
    ['\\u0000 in jsonb', () => db.base.$queryRaw`SELECT ${'{"a":"\\u0000"}'}::jsonb`, '22P05'],
    ['a number out of range', () => db.base.$queryRaw`SELECT ${'99999999999'}::int4`, '22003'],
  ])('%s is BAD_USER_INPUT without the database’s text, and a warning', async (_name, statement, sqlState) => {
    const { response, log } = formatted(await refusal(statement()));
    expect(response.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(response.message).toMatch(/^The database refused the input: /);
    expect(response.message).not.toMatch(/select|uuid|jsonb|int4|prisma|invocation/i);
    expect(log.unexpected).not.toHaveBeenCalled();
    expect(log.refusedByDatabase).toHaveBeenCalledWith(sqlState);
  });

  it('anything else from the database stays an internal error, logged as one', async () => {
    const { response, log } = formatted(await refusal(db.base.$queryRawUnsafe('SELECT * FROM no_such_table')));
    expect(response.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expect(log.unexpected).toHaveBeenCalled();
    expect(log.refusedByDatabase).not.toHaveBeenCalled();
  });
});
