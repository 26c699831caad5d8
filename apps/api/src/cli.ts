import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { DirectoryModule, DirectorySeeder } from '@tsunagu/directory';
import {
  ApiKeysService,
  AuthModule,
  StaffService,
  ClockModule,
  ConfigModule,
  databaseOptions,
  DatabaseModule,
  generateApiKey,
  migrateDatabase,
  generateSecretsKey,
  loadConfigOrExit,
  type AppConfig,
} from '@tsunagu/platform';
import { BusinessCalendarModule, BusinessCalendarSeeder, TimingMonthsService } from '@tsunagu/stats';
import { Module, type DynamicModule } from '@nestjs/common';
import { CouncilsDemoSeeder } from '@tsunagu/collaboration';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { DataSource } from 'typeorm';

const USAGE = `Usage: tsunagu-cli <command>
  migrate              apply pending migrations as the owner (MIGRATION_DATABASE_URL), then grant the app role
                       (DATABASE_URL's) what the API and the worker need
  migrate:revert       revert the last migration (as the owner)
  seed [--if-empty]    load reference data (collaboration pathways, the business calendar) and the demo network
                       (only into an empty directory with --if-empty)
  demo                 migrate, seed an empty database, and print fresh demo keys (hub admin + one per demo agency)
  schema               print the GraphQL schema (schema.gql)
  stats:rollup         build every month's statistics totals that is missing or out of date (the worker does this
                       every STATS_ROLLUP_INTERVAL)
  key:new              print a new random key, e.g. for HUB_ADMIN_KEY
  key:secrets          print a new SECRETS_KEY (32 random bytes, base64)`;

@Module({})
class SeedModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SeedModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(undefined),
        DatabaseModule.forRoot('tsunagu-cli', { checkRole: false }),
        AuthModule,
        DirectoryModule,
        BusinessCalendarModule,
      ],
      providers: [TimingMonthsService],
    };
  }
}

const config = loadConfigOrExit;

/** The owner's connection: the migrations' (DATABASE_URL when MIGRATION_DATABASE_URL is unset). */
const ownerUrl = () => config().MIGRATION_DATABASE_URL ?? config().DATABASE_URL;

async function withOwnerDataSource<T>(run: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(databaseOptions({ ...config(), DATABASE_URL: ownerUrl() }, 'tsunagu-cli'));
  await dataSource.initialize();
  try {
    return await run(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function migrate(): Promise<void> {
  const { applied, grants } = await migrateDatabase(ownerUrl(), config().DATABASE_URL, 'tsunagu-cli');
  process.stdout.write(applied.length ? `Applied ${applied.join(', ')}\n` : 'Database schema is up to date\n');
  if (grants) {
    process.stdout.write(
      `Granted the app role "${grants.role}" SELECT, INSERT on ${grants.appendOnly.length} append-only table(s) ` +
        `and SELECT, INSERT, UPDATE, DELETE on ${grants.readWrite.length} other(s)\n`,
    );
  } else {
    process.stderr.write(
      'Warning: the API and the worker connect as the owner of the tables (MIGRATION_DATABASE_URL is unset or ' +
        'names the same role as DATABASE_URL), so the append-only tables are not protected from them. ' +
        'See README, "Database roles".\n',
    );
  }
}

async function seed(options: { ifEmpty: boolean; demoKeys: boolean }): Promise<void> {
  const app = await NestFactory.createApplicationContext(SeedModule.forRoot(config()), { logger: ['error', 'warn'] });
  try {
    const seeder = app.get(DirectorySeeder);
    const pathways = await seeder.seedReferenceData();
    const calendar = await app.get(BusinessCalendarSeeder).seed();
    process.stdout.write(
      `Business calendar: ${calendar.days} days ${calendar.written ? 'written' : 'already up to date'}.\n`,
    );
    const empty = await seeder.isEmpty();
    if (options.ifEmpty && !empty) {
      process.stdout.write(
        `Reference data: ${pathways} collaboration pathways. The directory already has agencies: the demo network is not loaded again.\n`,
      );
    } else {
      const result = await seeder.seedDemoNetwork();
      process.stdout.write(
        `Reference data: ${pathways} collaboration pathways. Demo network: ${result.created} agencies created, ${result.existing} already there; ${result.resources.created} community resources created, ${result.resources.existing} already there.\n`,
      );
      const councils = await new CouncilsDemoSeeder(app.get(DataSource)).seed();
      process.stdout.write(
        `Demo councils: ${councils.created} created, ${councils.existing} already there (missing members and bodies added).\n`,
      );
    }
    if (options.demoKeys) {
      const demoAgencies = await seeder.demoAgencies();
      const keys = await app.get(ApiKeysService).rotateDemoKeys(demoAgencies);
      const names = new Map(demoAgencies.map((agency) => [agency.code, agency.name]));
      const width = Math.max(...keys.map((key) => key.label.length));
      process.stdout.write('\nDemo API keys (new on every start; the previous ones are revoked):\n');
      for (const key of keys) {
        const name = names.get(key.label);
        process.stdout.write(`  ${key.label.padEnd(width)}  ${key.secret}${name ? `  ${name}` : ''}\n`);
      }
      process.stdout.write('\nUse one as: Authorization: Bearer <key>\n');
      const staff = await app.get(StaffService).rotateDemoStaff(demoAgencies);
      const emailWidth = Math.max(...staff.map((account) => account.email.length));
      process.stdout.write('\nDemo console accounts (e-mail, password; new passwords on every start):\n');
      for (const account of staff) {
        process.stdout.write(
          `  ${account.email.padEnd(emailWidth)}  ${account.password}  ${account.agencyName ?? 'hub admin'}\n`,
        );
      }
    }
  } finally {
    await app.close();
  }
}

async function schema(): Promise<void> {
  // The schema is built by the real API module graph, so the printed file is exactly what partners see.
  // Logs go to stdout too: only a fatal one may mix with the printed schema (the database may be unmigrated).
  const { createApiApp } = await import('./bootstrap.js');
  const app = await createApiApp({ ...config(), LOG_LEVEL: 'fatal' });
  const printed = printSchema(lexicographicSortSchema(app.get(GraphQLSchemaHost).schema));
  process.stdout.write(`${printed}\n`);
  await app.close();
}

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case 'migrate':
    await migrate();
    break;
  case 'migrate:revert':
    await withOwnerDataSource((dataSource) => dataSource.undoLastMigration({ transaction: 'each' }));
    break;
  case 'seed':
    await seed({ ifEmpty: args.includes('--if-empty'), demoKeys: false });
    break;
  case 'demo':
    await migrate();
    await seed({ ifEmpty: true, demoKeys: true });
    break;
  case 'schema':
    await schema();
    break;
  case 'stats:rollup': {
    const app = await NestFactory.createApplicationContext(SeedModule.forRoot(config()), { logger: ['error', 'warn'] });
    try {
      process.stdout.write(
        `Monthly statistics totals built for ${await app.get(TimingMonthsService).buildAll()} month(s)\n`,
      );
    } finally {
      await app.close();
    }
    break;
  }
  case 'key:new':
    process.stdout.write(`${generateApiKey().secret}\n`);
    break;
  case 'key:secrets':
    process.stdout.write(`${generateSecretsKey()}\n`);
    break;
  default:
    process.stderr.write(`${USAGE}\n`);
    process.exit(command ? 2 : 0);
}
