import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import { type AppConfig } from '../config/config.schema.js';
import { databaseRoleProblems, inspectDatabaseRole } from './database-roles.js';

export class DatabaseRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseRoleError';
  }
}

/**
 * At start-up, checks that the API or the worker connects as the app role (README, "Database roles"): a superuser,
 * or a role that owns the tables, could switch off the append-only triggers and rewrite the audit log. Refuses to
 * start (DATABASE_ROLE_CHECK=refuse, the default in production) or warns.
 */
@Injectable()
export class DatabaseRoleCheck implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const mode = this.config.DATABASE_ROLE_CHECK ?? (this.config.NODE_ENV === 'production' ? 'refuse' : 'warn');
    if (mode === 'off') return;
    const report = await inspectDatabaseRole((sql, parameters) => this.dataSource.query(sql, parameters));
    const problems = databaseRoleProblems(report);
    if (problems.length === 0) return;
    const message =
      `The database role "${report.role}" of DATABASE_URL ${problems.join(', ')}: it could switch off the ` +
      'append-only triggers and rewrite the audit log. Connect as the app role and migrate with ' +
      'MIGRATION_DATABASE_URL (README, "Database roles")' +
      (mode === 'refuse' ? '; or set DATABASE_ROLE_CHECK=warn to start anyway.' : '.');
    if (mode === 'refuse') {
      this.logger.error(message);
      throw new DatabaseRoleError(message);
    }
    this.logger.warn(message);
  }
}
