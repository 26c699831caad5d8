import { MIGRATIONS } from '@tsunagu/migrations';
import { type DataSourceOptions } from 'typeorm';
import { type AppConfig } from '../config/config.schema.js';

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
    extra: { max: config.DATABASE_POOL_SIZE },
  };
}
