// Bench app 2: MercuriusDriver (mercurius 16) on Fastify 5, stock options.
// With BENCH_FIX_NULL_EXTENSIONS=1 it adds the hook that makes it pass every
// GraphQL-over-HTTP MUST audit (see registerNullExtensionsFix).
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
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

/**
 * Mercurius' POST body schema declares `extensions: { type: 'object' }`, so a
 * request with `"extensions": null` (allowed by the GraphQL-over-HTTP spec) is
 * rejected with 400 before GraphQL runs. preValidation runs after body parsing
 * and before schema validation, so dropping the null there is enough. Add it
 * before app.listen(): a booted Fastify instance refuses new hooks
 * (FST_ERR_INSTANCE_ALREADY_LISTENING).
 */
export function registerNullExtensionsFix(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request) => {
    const body = request.body as Record<string, unknown> | null | undefined;
    if (body && typeof body === 'object' && body.extensions === null) {
      delete body.extensions;
    }
  });
}

const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
  logger: ['error', 'warn'],
});
if (process.env.BENCH_FIX_NULL_EXTENSIONS === '1') {
  registerNullExtensionsFix(app.getHttpAdapter().getInstance());
}
await serve(app);
