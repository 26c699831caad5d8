import { pino } from 'pino';
import { QueryFailedError } from 'typeorm';
import { serializeError } from './logging.module.js';

describe('serializeError', () => {
  it("keeps a failed query's type, message, stack, SQLSTATE and SQL, never its parameters or the row detail", () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "uq_person_email"'), {
      code: '23505',
      detail: 'Key (email)=(hanako@example.jp) already exists.',
    });
    const error = new QueryFailedError(
      'INSERT INTO "person" ("email") VALUES ($1)',
      ['hanako@example.jp'],
      driverError,
    );

    const serialized = serializeError(pino.stdSerializers.err(error));

    expect(serialized).toEqual({
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint "uq_person_email"',
      stack: error.stack,
      code: '23505',
      query: 'INSERT INTO "person" ("email") VALUES ($1)',
    });
    expect(JSON.stringify(serialized)).not.toContain('hanako@example.jp');
  });

  it('keeps the stack of a plain error', () => {
    const error = new TypeError('x is undefined');
    expect(serializeError(pino.stdSerializers.err(error))).toEqual({
      type: 'TypeError',
      message: 'x is undefined',
      stack: error.stack,
    });
  });
});
