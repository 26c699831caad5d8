import { z } from 'zod';
import { addResponseDuration } from '../time/business-calendar.js';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const postgresUrl = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL');

const redisUrl = z
  .string()
  .url()
  .refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// or rediss:// URL');

/** Hub-admin keys are ordinary API keys; see `libs/platform/src/auth/api-key-secret.ts`. */
const hubAdminKey = z
  .string()
  .regex(
    /^tsu_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/,
    'must be a Tsunagu key (tsu_<8 chars>_<43 chars>), e.g. from `npm run key:new`',
  );

/** 32 random bytes, base64 or hex: the key that encrypts stored secrets (webhook signing secrets). */
const secretsKey = z
  .string()
  .refine(
    (value) =>
      /^[0-9a-fA-F]{64}$/.test(value) ||
      (/^[A-Za-z0-9+/_-]{43}=?$/.test(value) && Buffer.from(value, 'base64').length === 32),
    'must be 32 random bytes as base64 (44 chars) or hex (64 chars), e.g. from `npm run key:secrets`',
  );

/** An ISO 8601 duration (weeks, days, hours, minutes, seconds), e.g. P1D or PT30S, as milliseconds. */
const durationMs = z.string().transform((value, context) => {
  try {
    const ms = addResponseDuration(new Date(0), value, false).getTime();
    if (ms > 0) return ms;
  } catch {
    // reported below
  }
  context.addIssue({ code: 'custom', message: 'must be a positive ISO 8601 duration such as P1D or PT30S' });
  return z.NEVER;
});

/** Comma-separated CIDR ranges, e.g. 127.0.0.1/32,::1/128. */
const cidrList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  )
  .refine(
    (parts) => parts.every((part) => /^[0-9a-fA-F.:]+\/\d{1,3}$/.test(part)),
    'must be comma-separated CIDR ranges, e.g. 127.0.0.1/32,::1/128',
  );

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * The owner's connection (the role that owns the tables), used only by `migrate`, which then grants the role of
   * DATABASE_URL what the API and the worker need. Unset: DATABASE_URL, one role for everything (not for production).
   */
  MIGRATION_DATABASE_URL: postgresUrl.optional(),
  /**
   * What the API and the worker do when DATABASE_URL's role is a superuser, owns tables or may create them (it
   * could then switch off the append-only triggers): refuse to start, warn, or nothing. Unset: refuse when
   * NODE_ENV=production, warn otherwise.
   */
  DATABASE_ROLE_CHECK: z.enum(['refuse', 'warn', 'off']).optional(),
  REDIS_URL: redisUrl,
  /** Prefix for every Redis key and queue of this deployment, so several can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]{1,40}$/)
    .default('tsunagu'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HUB_ADMIN_KEY: hubAdminKey.optional(),
  DEMO_MODE: booleanFromEnv.default(false),
  /** GraphiQL at /graphiql. Default: on, except with NODE_ENV=production. */
  GRAPHQL_IDE: booleanFromEnv.optional(),
  /** Upper bound of `first` on every connection. */
  PAGE_SIZE_MAX: z.coerce.number().int().min(1).max(1000).default(100),
  /** The cost budget of one GraphQL operation (docs/security.md); a costlier one is QUERY_TOO_COMPLEX. */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(25_000),
  /** Rate limits in Redis (docs/security.md). `false` switches every limit off (the test suite does). */
  RATE_LIMIT_ENABLED: booleanFromEnv.default(true),
  /** Requests per second per API key, with bursts of five seconds' worth spread over ten seconds. */
  RATE_LIMIT_PER_KEY: z.coerce.number().int().min(1).default(50),
  /** Requests per second per client address (every request, with or without a key). */
  RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  /** Failed authentications per client address in 15 minutes; then the address waits out the window. */
  AUTH_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  /** Failed authentications per key prefix in 15 minutes; then that prefix waits out the window. */
  AUTH_FAILURES_PER_PREFIX: z.coerce.number().int().min(1).default(20),
  /**
   * Which proxies to trust for the client address (`X-Forwarded-For`): `true`, a hop count, or addresses and
   * CIDR ranges (comma-separated). Unset: the connection's own address, which is right without a proxy.
   */
  TRUST_PROXY: z.string().min(1).optional(),
  /** When set, `GET /metrics` needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** When set, `/metrics` is served on this port only (bound to HOST), and not on the API's port. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Encrypts webhook signing secrets at rest (AES-256-GCM). API and worker must share it. */
  SECRETS_KEY: secretsKey,

  /**
   * How long a relayed outbox event may go without its fan-out recorded as done before the worker relays it
   * again (its job may have been lost with a Redis that restarted empty).
   */
  OUTBOX_REDELIVERY_GRACE_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),

  /** Per-attempt timeout of a webhook POST (connect to last byte). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Attempts per webhook delivery, the first included; the retries are spread exponentially over the window. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(12),
  /** How long a delivery keeps being retried (ISO 8601 duration) before it is dead-lettered. */
  WEBHOOK_RETRY_WINDOW: durationMs.prefault('P1D'),
  /** Consecutive dead-lettered deliveries after which an endpoint is disabled and its agency told. */
  WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(1).max(1000).default(5),
  /**
   * Private, loopback or link-local ranges webhooks may nevertheless reach (SSRF guard exceptions), e.g.
   * `127.0.0.1/32` in tests or an internal network in a closed deployment. Empty: public addresses only.
   */
  WEBHOOK_ALLOWED_PRIVATE_NETWORKS: cidrList.default([]),

  /**
   * How long an API instance trusts a key it looked up without hearing otherwise (ISO 8601 duration). A
   * revocation reaches every instance at once over the Redis bus; this bounds what a missed bus message costs.
   */
  API_KEY_CACHE_TTL: durationMs.prefault('PT10S'),
  /** A console session ends after this long without a request (ISO 8601 duration). */
  SESSION_IDLE_TIMEOUT: durationMs.prefault('PT30M'),
  /** A console session ends this long after sign-in, however busy (ISO 8601 duration). */
  SESSION_ABSOLUTE_TIMEOUT: durationMs.prefault('PT12H'),
  /** Consecutive failed sign-ins after which a staff account is locked for SIGN_IN_LOCKOUT. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /** How long a locked staff account stays locked (ISO 8601 duration). */
  SIGN_IN_LOCKOUT: durationMs.prefault('PT15M'),
  /** How long a password-reset or set-up token works (ISO 8601 duration). */
  PASSWORD_RESET_TTL: durationMs.prefault('PT1H'),

  /** SMTP server for e-mail notices (smtp:// or smtps://, credentials in the URL). Unset: no e-mail is sent. */
  SMTP_URL: z
    .string()
    .url()
    .refine((value) => /^smtps?:\/\//.test(value), 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The From of notice e-mails. */
  MAIL_FROM: z.string().min(3).default('Tsunagu <no-reply@tsunagu.invalid>'),
  /** Where people look things up, named in e-mails (the partner console or the API's IDE). */
  PUBLIC_URL: z.string().url().default('http://localhost:3000/graphiql'),

  /** unmetNeeds leaves out cells with fewer distinct people than this, so no one can be singled out. */
  STATS_MIN_CELL: z.coerce.number().int().min(2).max(100).default(3),
  /**
   * responseTimeStats, for an ordinary agency's key: a group holding fewer than this many referrals received by
   * other agencies (but at least one) has its figures withheld, so no agency's single referrals can be read.
   */
  STATS_RESPONSE_MIN_CELL: z.coerce.number().int().min(2).max(100).default(5),
  /**
   * responseTimeStats sorts at most about this many durations per measure for its percentiles; a larger
   * selection's percentiles come from a fixed sample of referrals (counts, maxima and means stay exact).
   */
  STATS_PERCENTILE_SAMPLE: z.coerce.number().int().min(1).default(100_000),
  /**
   * PostgreSQL parallel workers per statistics statement (`max_parallel_workers_per_gather`). 0 by default: on
   * the 2-core machine of docs/benchmarks.md, starting workers cost more than they saved on every statistics
   * statement (a two-year `responseTimeStats(AGENCY)` total 50 ms with two workers, 15 ms without). A database
   * server with cores to spare may answer long `unmetNeeds` periods sooner with some.
   */
  STATS_PARALLEL_WORKERS: z.coerce.number().int().min(0).max(64).default(0),
  /**
   * responseTimeStats sorts the durations of its groups in two shares, on two connections at once, when they
   * are at least this many rows and the pool has a connection at hand: a second connection costs about a
   * millisecond, and sorting 40,000 rows on one core about 60 (docs/statistics.md). 0: whenever there are two
   * groups.
   */
  STATS_SHARE_ROWS: z.coerce.number().int().min(0).default(20_000),
  /**
   * How long the participating agencies of a case conference keep reading the person's data (and the conference)
   * after it was recorded or cancelled (ISO 8601 duration; docs/collaboration.md "Case conferences").
   */
  CONFERENCE_ACCESS_PERIOD: durationMs.prefault('P30D'),

  /** How often the worker brings the monthly statistics totals up to date (ISO 8601 duration). */
  STATS_ROLLUP_INTERVAL: durationMs.prefault('PT5M'),

  /**
   * How often the worker re-creates, from PostgreSQL, the delayed clock jobs missing from Redis (SLA reminders
   * and breaches, consent expiry notices), besides once at start (docs/notifications.md "Clock reconciliation").
   */
  CLOCK_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  /**
   * How far back a clock due but never processed is still fired by the reconciliation (ISO 8601 duration): older
   * ones (rows from before the clocks existed, say) are left alone.
   */
  CLOCK_RECONCILE_LOOKBACK: durationMs.prefault('P7D'),
});

/** The validated settings; `GRAPHQL_IDE` is resolved from NODE_ENV when not set. */
export type AppConfig = Omit<z.infer<typeof configSchema>, 'GRAPHQL_IDE'> & { GRAPHQL_IDE: boolean };

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + issues.map((issue) => `  ${issue.variable}: ${issue.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Validates the environment once. The only place in the project that reads `process.env` for settings. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: issue.path.join('.') || '(environment)',
        message: cleaned[String(issue.path[0])] === undefined ? 'is required but not set' : issue.message,
      })),
    );
  }
  return { ...result.data, GRAPHQL_IDE: result.data.GRAPHQL_IDE ?? result.data.NODE_ENV !== 'production' };
}

export function loadConfig(): AppConfig {
  return parseConfig(process.env);
}

/** For process entry points: the validated config, or the problems on stderr and exit code 1. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
