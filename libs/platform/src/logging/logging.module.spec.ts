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

  it("keeps only the text of a prepared statement's query config, never the values node-pg put in it", () => {
    const driverError = Object.assign(new Error('null value in column "summary"'), {
      code: '23502',
      detail: 'Failing row contains (山田花子).',
    });
    const text = 'INSERT INTO "referral" ("summary") VALUES ($1)';
    const error = new QueryFailedError(
      { name: 'tsunagu_x', text, values: ['山田花子'] } as unknown as string,
      ['山田花子'],
      driverError,
    );

    const serialized = serializeError(pino.stdSerializers.err(error));

    expect(serialized).toMatchObject({ type: 'QueryFailedError', code: '23502', query: text });
    expect(JSON.stringify(serialized)).not.toContain('山田花子');
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
