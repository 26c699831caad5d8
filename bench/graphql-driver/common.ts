// Shared by both bench apps: one model, one resolver, one plain `pg` Pool (size 10).
// The two apps differ only in their GraphQL driver and HTTP platform.
import 'reflect-metadata';
import { Args, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';

export const TABLE = 'bench_driver_item';

@Injectable()
export class Db implements OnModuleDestroy {
  readonly pool = new Pool({
    connectionString: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    max: 10,
  });

  onModuleDestroy(): Promise<void> {
    return this.pool.end();
  }
}

@ObjectType()
export class Item {
  @Field(() => ID)
  id: number;

  @Field()
  name: string;

  @Field()
  createdAt: Date;
}

const COLUMNS = 'id, name, created_at AS "createdAt"';

@Resolver(() => Item)
export class ItemsResolver {
  constructor(private readonly db: Db) {}

  @Query(() => [Item])
  async items(@Args('first', { type: () => Int, defaultValue: 20 }) first: number): Promise<Item[]> {
    const { rows } = await this.db.pool.query<Item>(`SELECT ${COLUMNS} FROM ${TABLE} ORDER BY id LIMIT $1`, [
      Math.min(first, 100),
    ]);
    return rows;
  }

  @Mutation(() => Item)
  async createItem(@Args('name') name: string): Promise<Item> {
    const { rows } = await this.db.pool.query<Item>(`INSERT INTO ${TABLE} (name) VALUES ($1) RETURNING ${COLUMNS}`, [
      name,
    ]);
    return rows[0];
  }
}

@Module({ providers: [Db, ItemsResolver] })
export class ItemsModule {}

/**
 * Listens on an ephemeral 127.0.0.1 port and tells the parent (run.mjs) which
 * one over the IPC channel; closes the app (and so the pool) on SIGTERM.
 */
export async function serve(app: INestApplication): Promise<void> {
  process.once('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
  process.send?.({ ready: true, port });
}
