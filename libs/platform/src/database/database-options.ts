import { MIGRATIONS } from '@tsunagu/migrations';
import { type DataSourceOptions } from 'typeorm';
import { type AppConfig } from '../config/config.schema.js';

/** How long a query waits for a connection from the pool (docs/errors.md, SERVICE_UNAVAILABLE). */
export const POOL_CONNECT_TIMEOUT_MS = 10_000;

/**
 * The one DataSource definition, shared by the apps (through TypeOrmModule) and the migration commands.
 * The schema comes from migrations only: `synchronize` is off everywhere.
 */
export function databaseOptions(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'>,
  applicationName = 'tsunagu',
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migration',
    migrationsTransactionMode: 'each',
    applicationName,
    // A request waits at most this long for a pooled connection (or a new one): then SERVICE_UNAVAILABLE,
    // not a request hanging while the database is unreachable or the pool exhausted.
    extra: { max: config.DATABASE_POOL_SIZE, connectionTimeoutMillis: POOL_CONNECT_TIMEOUT_MS },
  };
}
