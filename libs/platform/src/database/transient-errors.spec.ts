import { QueryFailedError } from 'typeorm';
import { ServiceUnavailableError } from '../errors/domain-error.js';
import { serviceUnavailable, transientKind } from './transient-errors.js';

const pgError = (code: string, message = 'pg error') => Object.assign(new Error(message), { code });
const queryFailed = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('transientKind', () => {
  it.each([
    ['serialization failure 40001', queryFailed(pgError('40001')), 'conflict'],
    ['deadlock 40P01', queryFailed(pgError('40P01')), 'conflict'],
    [
      'admin shutdown 57P01',
      queryFailed(pgError('57P01', 'terminating connection due to administrator command')),
      'connection',
    ],
    ['crash shutdown 57P02', pgError('57P02'), 'connection'],
    ['cannot connect now 57P03', pgError('57P03', 'the database system is starting up'), 'connection'],
    ['connection exception 08006', pgError('08006'), 'connection'],
    ['too many connections 53300', pgError('53300'), 'connection'],
    ['ECONNREFUSED', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 'connection'],
    ['ECONNRESET', pgError('ECONNRESET'), 'connection'],
    ['a refused connection to several addresses', new AggregateError([pgError('ECONNREFUSED')]), 'connection'],
    ['Connection terminated unexpectedly', new Error('Connection terminated unexpectedly'), 'connection'],
    ['a pool acquisition timeout', new Error('timeout exceeded when trying to connect'), 'connection'],
    ['a wrapped cause', new Error('outer', { cause: pgError('ECONNREFUSED') }), 'connection'],
    [
      "a system error thrown as a plain object, kept by graphql-js's NonErrorThrown",
      Object.assign(new Error('Unexpected error value'), {
        thrownValue: { errno: -111, code: 'ECONNREFUSED', syscall: 'connect' },
      }),
      'connection',
    ],
    [
      'ioredis giving up',
      Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }),
      'unavailable',
    ],
    ['ioredis offline', new Error("Stream isn't writeable and enableOfflineQueue options is false"), 'unavailable'],
    [
      'a dependency timeout',
      Object.assign(new Error('no answer within 5000 ms'), { name: 'DependencyTimeoutError' }),
      'unavailable',
    ],
    [
      'a queue error wrapping a Redis failure',
      new Error('Webhook queue unavailable', { cause: new Error('Connection is closed.') }),
      'unavailable',
    ],
  ])('classifies %s', (_name, error, kind) => {
    expect(transientKind(error)).toBe(kind);
  });

  it.each([
    ['a unique violation', queryFailed(pgError('23505'))],
    ['a syntax error', queryFailed(pgError('42601'))],
    ['a plain error', new Error('boom')],
    ['not an error', 'Connection terminated'],
    ['null', null],
  ])('leaves %s alone', (_name, error) => {
    expect(transientKind(error)).toBeUndefined();
  });
});

describe('serviceUnavailable', () => {
  it('is retryable with a retryAfter for every kind', () => {
    for (const kind of ['conflict', 'connection', 'unavailable'] as const) {
      const error = serviceUnavailable(kind, new Error('cause'));
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
      expect(error.extensions.retryAfter).toBeGreaterThan(0);
    }
  });

  it('is not retryable when the outcome is unknown', () => {
    const error = new ServiceUnavailableError('lost during commit', { reason: 'OUTCOME_UNKNOWN' });
    expect(error.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', reason: 'OUTCOME_UNKNOWN', retryable: false });
  });
});
