import { buildSchema, graphql, GraphQLError, parse, Source, validate } from 'graphql';
import { BadUserInputError, DomainError, NotFoundError } from './domain-error.js';
import { ErrorCode } from './error-code.js';
import { fieldOf, formatGraphQLError, type ErrorLogger } from './graphql-error-formatter.js';

/** A logger that records its calls. */
function recordingLogger(): ErrorLogger & { calls: { obj: object; msg: string }[] } {
  const calls: { obj: object; msg: string }[] = [];
  return { calls, error: (obj, msg) => void calls.push({ obj, msg }) };
}

const schema = buildSchema(`
  enum Sector { POVERTY HOUSING DEBT }
  input Filter { sector: Sector, sectors: [Sector!] }
  input Place { code: String!, needs: [String!]! }
  type Query {
    f(filter: Filter): Int
    g(sector: Sector): Int
    h(place: Place, places: [Place!]): Int
  }
`);

describe('formatGraphQLError', () => {
  it('exposes a DomainError with its code, details and message', () => {
    const logger = recordingLogger();
    const original = new DomainError(ErrorCode.INVALID_TRANSITION, 'cannot accept a completed referral', {
      allowed: ['CANCELLED'],
    });
    const error = new GraphQLError(original.message, { path: ['acceptReferral'], originalError: original });

    expect(formatGraphQLError(error, logger, 'req-1')).toEqual([
      {
        message: 'cannot accept a completed referral',
        locations: undefined,
        path: ['acceptReferral'],
        extensions: { code: 'INVALID_TRANSITION', allowed: ['CANCELLED'] },
      },
    ]);
    expect(logger.calls).toHaveLength(0);
  });

  it('puts the field of a BadUserInputError in extensions', () => {
    const original = new BadUserInputError('input.code', 'code taken', { reason: 'AGENCY_CODE_TAKEN' });
    const [formatted] = formatGraphQLError(
      new GraphQLError('x', { originalError: original }),
      recordingLogger(),
      undefined,
    );
    expect(formatted.message).toBe('code taken');
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.code', reason: 'AGENCY_CODE_TAKEN' });
  });

  it('keeps the code of a subclass such as NotFoundError', () => {
    const [formatted] = formatGraphQLError(
      new GraphQLError('x', { originalError: new NotFoundError('Referral') }),
      recordingLogger(),
      undefined,
    );
    expect(formatted.extensions).toEqual({ code: 'NOT_FOUND', entity: 'Referral' });
  });

  it('hides an unexpected error behind INTERNAL_SERVER_ERROR and logs it once with the request id', () => {
    const logger = recordingLogger();
    const original = new Error('relation "agency" does not exist: SELECT * FROM agency');
    const error = new GraphQLError(original.message, { path: ['agencies'], originalError: original });

    const formatted = formatGraphQLError(error, logger, 'req-42');

    expect(formatted).toEqual([
      {
        message: 'Internal server error',
        locations: undefined,
        path: ['agencies'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' },
      },
    ]);
    const serialized = JSON.stringify(formatted);
    expect(serialized).not.toContain('SELECT');
    expect(serialized).not.toContain('does not exist');
    expect(serialized).not.toContain(original.stack!.split('\n')[1].trim());
    expect(logger.calls).toHaveLength(1);
    expect(logger.calls[0].obj).toMatchObject({ err: original, requestId: 'req-42' });
  });

  it('maps a lost database connection to SERVICE_UNAVAILABLE, retryable, without the driver message', () => {
    const logger = recordingLogger();
    const original = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const error = new GraphQLError(original.message, { path: ['agencies'], originalError: original });

    const [formatted] = formatGraphQLError(error, logger, 'req-7');

    expect(formatted.extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'DATABASE_UNAVAILABLE',
      retryable: true,
      retryAfter: 2,
    });
    expect(formatted.path).toEqual(['agencies']);
    expect(JSON.stringify(formatted)).not.toContain('ECONNREFUSED');
    expect(logger.calls).toHaveLength(1);
  });

  it('maps a serialization failure to SERVICE_UNAVAILABLE, TRANSACTION_CONFLICT', () => {
    const original = Object.assign(new Error('could not serialize access'), { code: '40001' });
    const error = new GraphQLError(original.message, { path: ['sendReferral'], originalError: original });
    expect(formatGraphQLError(error, recordingLogger(), undefined)[0].extensions).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'TRANSACTION_CONFLICT',
      retryable: true,
    });
  });

  it('keeps the reason a request error carries in its own extensions', () => {
    const error = new GraphQLError('Subscriptions are served over WebSocket only', {
      extensions: { reason: 'SUBSCRIPTION_OVER_HTTP' },
    });
    expect(formatGraphQLError(error, recordingLogger(), undefined)[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'SUBSCRIPTION_OVER_HTTP',
    });
  });

  it('omits requestId when there is none', () => {
    const [formatted] = formatGraphQLError(
      new GraphQLError('boom', { originalError: new Error('boom') }),
      recordingLogger(),
      undefined,
    );
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('treats a DomainError coded INTERNAL_SERVER_ERROR as internal', () => {
    const logger = recordingLogger();
    const original = new DomainError(ErrorCode.INTERNAL_SERVER_ERROR, 'queue down', { host: 'redis-1' });
    const [formatted] = formatGraphQLError(new GraphQLError('x', { originalError: original }), logger, 'req-7');
    expect(formatted).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-7' },
    });
    expect(JSON.stringify(formatted)).not.toContain('redis-1');
    expect(logger.calls).toHaveLength(1);
  });

  it('maps a GraphQLError without originalError (validation) to BAD_USER_INPUT', () => {
    const logger = recordingLogger();
    const error = new GraphQLError('Cannot query field "nope" on type "Query".');
    expect(formatGraphQLError(error, logger, 'req-1')).toEqual([
      { message: error.message, locations: undefined, path: undefined, extensions: { code: 'BAD_USER_INPUT' } },
    ]);
    expect(logger.calls).toHaveLength(0);
  });

  it('names the input path of a variable-coercion error', () => {
    const error = new GraphQLError(
      'Variable "$input" got invalid value "X" at "input.sector"; Value "X" does not exist in "Sector" enum.',
    );
    const [formatted] = formatGraphQLError(error, recordingLogger(), undefined);
    expect(formatted.message).toBe(error.message);
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.sector' });
  });

  it('flattens a Mercurius-style wrapper of several errors', () => {
    const logger = recordingLogger();
    const inner = [
      new GraphQLError('Cannot query field "nope" on type "Query".'),
      new GraphQLError(
        'Variable "$input" got invalid value "X" at "input.sector"; Value "X" does not exist in "Sector" enum.',
      ),
    ];
    const wrapper = Object.assign(new Error('Graphql validation error'), { errors: inner, statusCode: 400 });

    const formatted = formatGraphQLError(
      new GraphQLError(wrapper.message, { originalError: wrapper }),
      logger,
      'req-1',
    );

    expect(formatted).toHaveLength(2);
    expect(formatted.map((entry) => entry.message)).toEqual(inner.map((entry) => entry.message));
    expect(formatted[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(formatted[1].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.sector' });
    expect(logger.calls).toHaveLength(0);
  });

  it('maps a client error of the HTTP layer (statusCode 400) to BAD_USER_INPUT with its message', () => {
    const logger = recordingLogger();
    const original = Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 });
    expect(
      formatGraphQLError(new GraphQLError(original.message, { originalError: original }), logger, 'req-1'),
    ).toEqual([{ message: 'Body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }]);
    expect(logger.calls).toHaveLength(0);
  });

  it('treats a statusCode 500 error as internal', () => {
    const logger = recordingLogger();
    const original = Object.assign(new Error('upstream exploded'), { statusCode: 500 });
    const [formatted] = formatGraphQLError(
      new GraphQLError(original.message, { originalError: original }),
      logger,
      'req-1',
    );
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' });
    expect(logger.calls).toHaveLength(1);
  });

  it('reports errors of a real execution against a schema as BAD_USER_INPUT naming the input field', async () => {
    const result = await graphql({ schema, source: '{ f(filter: { sector: NOPE }) }' });
    expect(result.errors).toHaveLength(1);
    const formatted = formatGraphQLError(result.errors![0], recordingLogger(), undefined);
    expect(formatted).toEqual([
      expect.objectContaining({
        extensions: { code: 'BAD_USER_INPUT', field: 'sector' },
        locations: [{ line: 1, column: 23 }],
      }),
    ]);
  });

  it('names the variable path of a real variable-coercion error', async () => {
    const result = await graphql({
      schema,
      source: 'query ($input: Filter) { f(filter: $input) }',
      variableValues: { input: { sector: 'X' } },
    });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].message).toMatch(/^Variable "\$input" got invalid value "X" at "input.sector"/);
    expect(formatGraphQLError(result.errors![0], recordingLogger(), undefined)[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.sector',
    });
  });
});

describe('fieldOf', () => {
  function validationErrors(source: string): readonly GraphQLError[] {
    return validate(schema, parse(new Source(source)));
  }

  it('names the input field of a bad enum literal inside an input object', () => {
    const errors = validationErrors('{ f(filter: { sector: NOPE }) }');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/"NOPE" does not exist in "Sector" enum/);
    expect(fieldOf(errors[0])).toBe('sector');
  });

  it('names the input field of a bad enum literal opening a list', () => {
    const errors = validationErrors('{ f(filter: { sectors: [NOPE, HOUSING] }) }');
    expect(errors).toHaveLength(1);
    expect(fieldOf(errors[0])).toBe('sectors');
  });

  it('names the argument of a bad enum literal', () => {
    const errors = validationErrors('{ g(sector: NOPE) }');
    expect(errors).toHaveLength(1);
    expect(fieldOf(errors[0])).toBe('sector');
  });

  it('names the variable of a top-level coercion error', () => {
    expect(
      fieldOf(new GraphQLError('Variable "$first" got invalid value "x"; Int cannot represent non-integer value: "x"')),
    ).toBe('first');
    expect(fieldOf(new GraphQLError('Variable "$input" of required type "Filter!" was not provided.'))).toBe('input');
  });

  it('names the innermost input field, past other objects of the same list', () => {
    const errors = validationErrors('{ h(places: [{ code: "1", needs: [] }, { code: "2", needs: ["a", null] }]) }');
    expect(errors.map((error) => error.message)).toEqual(['Expected value of type "String!", found null.']);
    expect(fieldOf(errors[0])).toBe('needs');
  });

  it('names the fields of a long hostile literal without backtracking over it', () => {
    // A 5,000-character string before 1,500 list items with nulls among them: a pattern scanning back
    // from each error took minutes of CPU on this document (found by the fuzz suite).
    const items = Array.from({ length: 1500 }, (_, index) => (index % 50 === 7 ? 'null' : '"DEBT"'));
    const errors = validationErrors(`{ h(place: { code: "${'長'.repeat(5000)}", needs: [${items.join(', ')}] }) }`);
    expect(errors).toHaveLength(30);
    expect(new Set(errors.map((error) => fieldOf(error)))).toEqual(new Set(['needs']));
    const missing = validationErrors(`{ h(place: { needs: ["${'長'.repeat(5000)}"] }, places: [{ code: "x" }]) }`);
    expect(missing.map((error) => fieldOf(error))).toEqual(['place', 'places']);
  });

  it('is undefined for an error about no input', () => {
    const errors = validationErrors('{ nope }');
    expect(errors).toHaveLength(1);
    expect(fieldOf(errors[0])).toBeUndefined();
  });
});

describe('formatGraphQLError in Japanese', () => {
  it('writes a DomainError in Japanese and keeps its code and details exactly', () => {
    const original = new DomainError(ErrorCode.INVALID_TRANSITION, 'cannot accept a completed referral', {
      current: 'COMPLETED',
      attempted: 'ACCEPTED',
      allowed: ['CANCELLED'],
    });
    const error = new GraphQLError(original.message, { path: ['acceptReferral'], originalError: original });

    const [english] = formatGraphQLError(error, recordingLogger(), 'req-1');
    const [japanese] = formatGraphQLError(error, recordingLogger(), 'req-1', 'ja');

    expect(english.message).toBe('cannot accept a completed referral');
    expect(japanese.message).toContain('次に可能な状態: CANCELLED');
    expect(japanese.extensions).toEqual(english.extensions);
    expect(japanese.path).toEqual(english.path);
  });

  it("keeps graphql-js's English of a validation error behind a Japanese prefix naming the field", async () => {
    const result = await graphql({ schema, source: '{ f(filter: { sector: NOPE }) }' });
    const [english] = formatGraphQLError(result.errors![0], recordingLogger(), undefined);
    const [japanese] = formatGraphQLError(result.errors![0], recordingLogger(), undefined, 'ja');

    expect(japanese.message).toBe(`リクエストが GraphQL として正しくありません（項目: sector）: ${english.message}`);
    expect(japanese.extensions).toEqual(english.extensions);
  });

  it('explains a request error by its reason when the catalogue knows it', () => {
    const error = new GraphQLError('Subscriptions are served over graphql-ws', {
      extensions: { reason: 'SUBSCRIPTION_OVER_HTTP' },
    });
    const [formatted] = formatGraphQLError(error, recordingLogger(), undefined, 'ja');
    expect(formatted.message).toContain('サブスクリプションは HTTP では実行できません');
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'SUBSCRIPTION_OVER_HTTP' });
  });

  it('hides an unexpected error behind a Japanese INTERNAL_SERVER_ERROR with the request id', () => {
    const original = new Error('relation "agency" does not exist');
    const [formatted] = formatGraphQLError(
      new GraphQLError(original.message, { path: ['agencies'], originalError: original }),
      recordingLogger(),
      'req-7',
      'ja',
    );
    expect(formatted.message).toBe('サーバー内部でエラーが発生しました。（リクエスト ID: req-7）');
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-7' });
  });

  it('writes SERVICE_UNAVAILABLE of a lost connection in Japanese with the same details', () => {
    const lost = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const error = new GraphQLError(lost.message, { path: ['agencies'], originalError: lost });
    const [english] = formatGraphQLError(error, recordingLogger(), undefined);
    const [japanese] = formatGraphQLError(error, recordingLogger(), undefined, 'ja');
    expect(english.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(japanese.message).toContain('データベースを利用できません');
    expect(japanese.extensions).toEqual(english.extensions);
  });

  it('writes the nested errors of a Mercurius wrapper in Japanese', () => {
    const wrapper = new GraphQLError('Graphql validation error', {
      originalError: Object.assign(new Error('Graphql validation error'), {
        errors: [new GraphQLError('Cannot query field "nope" on type "Query".')],
      }),
    });
    const [formatted] = formatGraphQLError(wrapper, recordingLogger(), undefined, 'ja');
    expect(formatted.message).toBe(
      'リクエストが GraphQL として正しくありません: Cannot query field "nope" on type "Query".',
    );
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});
