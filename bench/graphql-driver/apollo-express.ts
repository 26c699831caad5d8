// Bench app 1: ApolloDriver (@apollo/server 5) on Express 5, stock options
// except `introspection` (see below).
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ItemsModule, serve } from './common.js';

@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      autoSchemaFile: true,
      // Apollo turns introspection off when NODE_ENV=production (run.mjs sets
      // it); Mercurius keeps it on. Several MUST audits query `__type`, so
      // without this Apollo "fails" them for a config reason, not a protocol one.
      introspection: true,
    }),
    ItemsModule,
  ],
})
class AppModule {}

const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
await serve(app);
