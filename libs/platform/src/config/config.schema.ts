import { z } from 'zod';

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

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: redisUrl,
  /** Prefix for every Redis key and queue of this deployment, so several can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]{1,40}$/)
    .default('tsunagu'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HUB_ADMIN_KEY: hubAdminKey.optional(),
  DEMO_MODE: booleanFromEnv.default(false),
  GRAPHQL_IDE: booleanFromEnv.default(true),
  /** Upper bound of `first` on every connection. */
  PAGE_SIZE_MAX: z.coerce.number().int().min(1).max(1000).default(100),
});

export type AppConfig = z.infer<typeof configSchema>;

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
  return result.data;
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
