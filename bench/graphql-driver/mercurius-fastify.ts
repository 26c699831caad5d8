// Bench app 2: MercuriusDriver (mercurius 16) on Fastify 5, stock options.
// With BENCH_FIX_NULL_EXTENSIONS=1 it adds the API's own GraphQL-over-HTTP hooks
// (apps/api/src/http-hooks.ts), which make it pass every MUST audit.
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { registerGraphQLHttpHooks } from '../../apps/api/src/http-hooks.js';
import { ItemsModule, serve } from './common.js';

@Module({
  imports: [
    GraphQLModule.forRoot<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      autoSchemaFile: true,
    }),
    ItemsModule,
  ],
})
class AppModule {}

const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
  logger: ['error', 'warn'],
});
if (process.env.BENCH_FIX_NULL_EXTENSIONS === '1') {
  registerGraphQLHttpHooks(app.getHttpAdapter().getInstance());
}
await serve(app);
