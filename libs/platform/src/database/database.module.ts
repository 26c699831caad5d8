import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import { type AppConfig } from '../config/config.schema.js';
import { databaseOptions } from './database-options.js';
import { DatabaseRoleCheck } from './database-role-check.js';

@Module({})
export class DatabaseModule {
  /** `checkRole`: refuse or warn at start-up when DATABASE_URL's role is not the app role (the API and the worker). */
  static forRoot(applicationName: string, { checkRole = true }: { checkRole?: boolean } = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...databaseOptions(config, applicationName),
            autoLoadEntities: true,
          }),
        }),
      ],
      providers: checkRole ? [DatabaseRoleCheck] : [],
    };
  }
}
