import { type Redis } from 'ioredis';

/** What keeps Redis's data across a restart: an append-only file, RDB snapshots, both, nothing, or not known. */
export type RedisPersistence = 'aof' | 'rdb' | 'aof+rdb' | 'none' | 'unknown';

export interface RedisDurability {
  persistence: RedisPersistence;
  /** The eviction policy (`noeviction` is what BullMQ needs), or `unknown`. */
  maxmemoryPolicy: string;
}

/** CONFIG GET's reply (`[name, value]`), as a value. */
async function configValue(redis: Redis, name: string): Promise<string> {
  const reply = (await redis.call('CONFIG', 'GET', name)) as string[];
  if (!Array.isArray(reply) || reply.length < 2) throw new Error(`CONFIG GET ${name}: no value`);
  return String(reply[1]);
}

/** `field:value` lines of an INFO section. */
async function info(redis: Redis, section: string): Promise<Map<string, string>> {
  const text = (await redis.call('INFO', section)) as string;
  return new Map(
    text
      .split(/\r?\n/)
      .filter((line) => line.includes(':') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()] as [string, string]),
  );
}

function persistenceOf(aof: boolean | null, rdb: boolean | null): RedisPersistence {
  if (aof === null || rdb === null) return aof ? 'aof' : 'unknown';
  if (aof && rdb) return 'aof+rdb';
  if (aof) return 'aof';
  return rdb ? 'rdb' : 'none';
}

/**
 * How durable the Redis in use is: CONFIG GET appendonly / save / maxmemory-policy, or, where CONFIG is refused
 * (managed Redis often renames it), INFO persistence and memory, which say whether AOF is on and the policy but
 * not the RDB save points. Whatever cannot be read is `unknown`; this never throws.
 */
export async function readRedisDurability(redis: Redis): Promise<RedisDurability> {
  let aof: boolean | null = null;
  let rdb: boolean | null = null;
  let maxmemoryPolicy: string | null = null;
  try {
    aof = (await configValue(redis, 'appendonly')) === 'yes';
    rdb = (await configValue(redis, 'save')).trim() !== '';
    maxmemoryPolicy = await configValue(redis, 'maxmemory-policy');
  } catch {
    try {
      const persistence = await info(redis, 'persistence');
      const enabled = persistence.get('aof_enabled');
      if (enabled !== undefined) aof = enabled === '1';
      maxmemoryPolicy = (await info(redis, 'memory')).get('maxmemory_policy') ?? null;
    } catch {
      // INFO refused too: unknown.
    }
  }
  return { persistence: persistenceOf(aof, rdb), maxmemoryPolicy: maxmemoryPolicy ?? 'unknown' };
}

/** What an operator should hear about `durability` (nothing when Redis persists and never evicts). */
export function redisDurabilityWarnings(durability: RedisDurability): string[] {
  const warnings: string[] = [];
  if (durability.persistence === 'none') {
    warnings.push(
      'Redis has no persistence (neither AOF nor RDB save points): a restart loses every queued job; clocks are ' +
        're-created from PostgreSQL, other jobs are not (docs/notifications.md)',
    );
  } else if (durability.persistence === 'unknown') {
    warnings.push('Redis persistence is unknown (CONFIG and INFO refused): make sure AOF is on');
  }
  if (durability.maxmemoryPolicy !== 'noeviction') {
    warnings.push(
      `Redis maxmemory-policy is ${durability.maxmemoryPolicy}, not noeviction: under memory pressure Redis may ` +
        'evict queued jobs (BullMQ needs noeviction)',
    );
  }
  return warnings;
}
