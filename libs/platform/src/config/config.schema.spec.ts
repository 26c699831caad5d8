import { ConfigError, parseConfig } from './config.schema.js';

const VALID_KEY = `tsu_abcd1234_${'A'.repeat(43)}`;

const minimal = {
  DATABASE_URL: 'postgres://tsunagu:secret@localhost:5432/tsunagu',
  REDIS_URL: 'redis://localhost:6379',
  SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
};

/** The ConfigError thrown for `env`; fails the test if parsing succeeds or throws something else. */
function configErrorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected parseConfig to throw a ConfigError');
}

function issueOf(error: ConfigError, variable: string): { variable: string; message: string } {
  const issue = error.issues.find((candidate) => candidate.variable === variable);
  if (!issue) throw new Error(`no issue for ${variable} in: ${error.message}`);
  return issue;
}

describe('parseConfig', () => {
  it('applies the defaults when only the required variables are set', () => {
    expect(parseConfig(minimal)).toEqual({
      ...minimal,
      NODE_ENV: 'development',
      HOST: '0.0.0.0',
      PORT: 3000,
      WORKER_HEALTH_PORT: 3001,
      DATABASE_POOL_SIZE: 10,
      REDIS_PREFIX: 'tsunagu',
      LOG_LEVEL: 'info',
      DEMO_MODE: false,
      GRAPHQL_IDE: true,
      PAGE_SIZE_MAX: 100,
      GRAPHQL_MAX_COST: 25_000,
      RATE_LIMIT_ENABLED: true,
      RATE_LIMIT_PER_KEY: 50,
      RATE_LIMIT_PER_ADDRESS: 100,
      AUTH_FAILURES_PER_ADDRESS: 20,
      AUTH_FAILURES_PER_PREFIX: 20,
      OUTBOX_REDELIVERY_GRACE_MS: 60_000,
      WEBHOOK_TIMEOUT_MS: 10_000,
      WEBHOOK_MAX_ATTEMPTS: 12,
      WEBHOOK_RETRY_WINDOW: 24 * 3600 * 1000,
      WEBHOOK_DISABLE_AFTER: 5,
      WEBHOOK_ALLOWED_PRIVATE_NETWORKS: [],
      MAIL_FROM: 'Tsunagu <no-reply@tsunagu.invalid>',
      PUBLIC_URL: 'http://localhost:3000/graphiql',
      API_KEY_CACHE_TTL: 10_000,
      SESSION_IDLE_TIMEOUT: 30 * 60_000,
      SESSION_ABSOLUTE_TIMEOUT: 12 * 3_600_000,
      SIGN_IN_MAX_FAILURES: 5,
      SIGN_IN_LOCKOUT: 15 * 60_000,
      PASSWORD_RESET_TTL: 3_600_000,
      STATS_MIN_CELL: 3,
      STATS_RESPONSE_MIN_CELL: 5,
      STATS_PERCENTILE_SAMPLE: 100_000,
      STATS_PARALLEL_WORKERS: 0,
      STATS_SHARE_ROWS: 20_000,
      STATS_ROLLUP_INTERVAL: 5 * 60 * 1000,
      CLOCK_RECONCILE_INTERVAL_MS: 60_000,
      CLOCK_RECONCILE_LOOKBACK: 7 * 24 * 3600 * 1000,
      CONFERENCE_ACCESS_PERIOD: 30 * 24 * 3600 * 1000,
    });
  });

  it('turns GraphiQL off by default in production, and on again when GRAPHQL_IDE says so', () => {
    expect(parseConfig({ ...minimal, NODE_ENV: 'production' }).GRAPHQL_IDE).toBe(false);
    expect(parseConfig({ ...minimal, NODE_ENV: 'production', GRAPHQL_IDE: 'true' }).GRAPHQL_IDE).toBe(true);
    expect(parseConfig({ ...minimal, NODE_ENV: 'test' }).GRAPHQL_IDE).toBe(true);
  });

  it('reads the statistics’ minimum cell size and refuses one that would show single people', () => {
    expect(parseConfig({ ...minimal, STATS_MIN_CELL: '5' }).STATS_MIN_CELL).toBe(5);
    expect(issueOf(configErrorOf({ ...minimal, STATS_MIN_CELL: '1' }), 'STATS_MIN_CELL').message).toMatch(/>=2/);
    expect(issueOf(configErrorOf({ ...minimal, STATS_MIN_CELL: 'three' }), 'STATS_MIN_CELL')).toBeDefined();
    expect(parseConfig({ ...minimal, STATS_RESPONSE_MIN_CELL: '10' }).STATS_RESPONSE_MIN_CELL).toBe(10);
    expect(
      issueOf(configErrorOf({ ...minimal, STATS_RESPONSE_MIN_CELL: '1' }), 'STATS_RESPONSE_MIN_CELL'),
    ).toBeDefined();
  });

  it('reads the secrets key as base64 or hex and refuses anything else', () => {
    expect(parseConfig({ ...minimal, SECRETS_KEY: 'ab'.repeat(32) }).SECRETS_KEY).toBe('ab'.repeat(32));
    expect(issueOf(configErrorOf({ ...minimal, SECRETS_KEY: 'c2hvcnQ=' }), 'SECRETS_KEY').message).toMatch(
      /32 random bytes/,
    );
    expect(issueOf(configErrorOf({ ...minimal, SECRETS_KEY: undefined }), 'SECRETS_KEY').message).toBe(
      'is required but not set',
    );
  });

  it('reads webhook retry windows as ISO durations and private networks as CIDR lists', () => {
    const config = parseConfig({
      ...minimal,
      WEBHOOK_RETRY_WINDOW: 'PT30S',
      WEBHOOK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.1/32, ::1/128',
      SMTP_URL: 'smtp://user:pass@127.0.0.1:2525',
    });
    expect(config.WEBHOOK_RETRY_WINDOW).toBe(30_000);
    expect(config.WEBHOOK_ALLOWED_PRIVATE_NETWORKS).toEqual(['127.0.0.1/32', '::1/128']);
    expect(config.SMTP_URL).toBe('smtp://user:pass@127.0.0.1:2525');
    expect(issueOf(configErrorOf({ ...minimal, WEBHOOK_RETRY_WINDOW: 'P1M' }), 'WEBHOOK_RETRY_WINDOW').message).toMatch(
      /ISO 8601 duration/,
    );
    expect(
      issueOf(
        configErrorOf({ ...minimal, WEBHOOK_ALLOWED_PRIVATE_NETWORKS: '10.0.0.0' }),
        'WEBHOOK_ALLOWED_PRIVATE_NETWORKS',
      ).message,
    ).toMatch(/CIDR/);
    expect(issueOf(configErrorOf({ ...minimal, SMTP_URL: 'http://mail' }), 'SMTP_URL').message).toMatch(/smtp/);
  });

  it('coerces numbers and booleans from their string form', () => {
    const config = parseConfig({ ...minimal, PORT: '8080', DEMO_MODE: 'yes', GRAPHQL_IDE: '0', PAGE_SIZE_MAX: '50' });
    expect(config.PORT).toBe(8080);
    expect(config.DEMO_MODE).toBe(true);
    expect(config.GRAPHQL_IDE).toBe(false);
    expect(config.PAGE_SIZE_MAX).toBe(50);
  });

  it('accepts postgresql:// URLs and a well-formed hub-admin key', () => {
    const config = parseConfig({
      ...minimal,
      DATABASE_URL: 'postgresql://localhost/tsunagu',
      HUB_ADMIN_KEY: VALID_KEY,
    });
    expect(config.DATABASE_URL).toBe('postgresql://localhost/tsunagu');
    expect(config.HUB_ADMIN_KEY).toBe(VALID_KEY);
  });

  it('reports a missing DATABASE_URL by name as required', () => {
    const error = configErrorOf({ REDIS_URL: minimal.REDIS_URL });
    expect(error.name).toBe('ConfigError');
    expect(error.message).toMatch(/DATABASE_URL: .*required/);
    expect(issueOf(error, 'DATABASE_URL').message).toMatch(/required/);
  });

  it.each([
    ['DATABASE_URL', 'mysql://localhost/tsunagu'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['LOG_LEVEL', 'verbose'],
    ['HUB_ADMIN_KEY', 'tsu_short_key'],
    ['HUB_ADMIN_KEY', `TSU_abcd1234_${'A'.repeat(43)}`],
    ['DEMO_MODE', 'maybe'],
    ['NODE_ENV', 'staging'],
  ])('rejects %s=%j naming the variable', (variable, value) => {
    const error = configErrorOf({ ...minimal, [variable]: value });
    expect(new Set(error.issues.map((issue) => issue.variable))).toEqual(new Set([variable]));
    expect(error.message).toContain(`${variable}: `);
    expect(issueOf(error, variable).message).not.toMatch(/required/);
  });

  it('explains a non-postgres DATABASE_URL', () => {
    const error = configErrorOf({ ...minimal, DATABASE_URL: 'mysql://localhost/tsunagu' });
    expect(issueOf(error, 'DATABASE_URL').message).toMatch(/postgres/);
  });

  it('explains a malformed HUB_ADMIN_KEY', () => {
    const error = configErrorOf({ ...minimal, HUB_ADMIN_KEY: 'tsu_short_key' });
    expect(issueOf(error, 'HUB_ADMIN_KEY').message).toMatch(/tsu_/);
  });

  it('rejects a non-numeric PORT naming PORT, without calling it unset', () => {
    const error = configErrorOf({ ...minimal, PORT: 'abc' });
    expect(error.issues.map((issue) => issue.variable)).toEqual(['PORT']);
    expect(issueOf(error, 'PORT').message).not.toMatch(/required|not set/);
  });

  it('reports several problems together', () => {
    const error = configErrorOf({ PORT: '70000', LOG_LEVEL: 'loud', HUB_ADMIN_KEY: 'nope' });
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual(
      ['DATABASE_URL', 'HUB_ADMIN_KEY', 'LOG_LEVEL', 'PORT', 'REDIS_URL', 'SECRETS_KEY'].sort(),
    );
    for (const variable of ['DATABASE_URL', 'REDIS_URL', 'PORT', 'LOG_LEVEL', 'HUB_ADMIN_KEY']) {
      expect(error.message).toContain(`${variable}: `);
    }
  });

  it('treats empty strings as unset: defaults apply to optional variables', () => {
    const config = parseConfig({ ...minimal, PORT: '', LOG_LEVEL: '', HUB_ADMIN_KEY: '', DEMO_MODE: '' });
    expect(config.PORT).toBe(3000);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.HUB_ADMIN_KEY).toBeUndefined();
    expect(config.DEMO_MODE).toBe(false);
  });

  it('treats an empty required variable as missing', () => {
    const error = configErrorOf({ ...minimal, DATABASE_URL: '' });
    expect(issueOf(error, 'DATABASE_URL').message).toMatch(/required/);
  });

  it('ignores unrelated environment variables', () => {
    const config = parseConfig({ ...minimal, PATH: '/usr/bin', HOME: '/root' }) as Record<string, unknown>;
    expect(config.PATH).toBeUndefined();
  });
});
