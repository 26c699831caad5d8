import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG } from '../config/config.module.js';
import { type AppConfig } from '../config/config.schema.js';
import { RateLimitedError } from '../errors/domain-error.js';
import { redisOptionsFromUrl } from '../queue/redis-url.js';

/** The window of the failed-authentication limits. */
export const AUTH_FAILURE_WINDOW_SECONDS = 15 * 60;
/** Burst allowance of the request limits: this many seconds' worth of requests, over ten seconds. */
const BURST_SECONDS = 5;
const BURST_WINDOW_SECONDS = 10;

/**
 * The request and failed-authentication limits of docs/security.md, kept in Redis by rate-limiter-flexible
 * so every API instance counts together. Request limits are a per-second window with a burst allowance
 * (rate-limiter-flexible's BurstyRateLimiter, a token-bucket approximation); failed authentications are
 * counted per client address and per key prefix over 15 minutes.
 *
 * When Redis does not answer, requests are let through (and a warning logged): an outage of the limiter
 * must not become an outage of the API.
 */
@Injectable()
export class RateLimits implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimits.name);
  private readonly redis: Redis | null;
  private readonly perKey: BurstyRateLimiter | null;
  private readonly perAddress: BurstyRateLimiter | null;
  private readonly failuresPerAddress: RateLimiterRedis | null;
  private readonly failuresPerPrefix: RateLimiterRedis | null;
  private warned = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (!config.RATE_LIMIT_ENABLED) {
      this.redis = this.perKey = this.perAddress = this.failuresPerAddress = this.failuresPerPrefix = null;
      return;
    }
    this.redis = new Redis({
      ...redisOptionsFromUrl(config.REDIS_URL),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
    });
    this.redis.on('error', () => undefined);
    const limiter = (name: string, points: number, duration: number) =>
      new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${config.REDIS_PREFIX}:rl:${name}`,
        points,
        duration,
        rejectIfRedisNotReady: true,
      });
    const bursty = (name: string, perSecond: number) =>
      new BurstyRateLimiter(
        limiter(name, perSecond, 1),
        limiter(`${name}:burst`, perSecond * BURST_SECONDS, BURST_WINDOW_SECONDS),
      );
    this.perKey = bursty('key', config.RATE_LIMIT_PER_KEY);
    this.perAddress = bursty('address', config.RATE_LIMIT_PER_ADDRESS);
    this.failuresPerAddress = limiter(
      'authfail:address',
      config.AUTH_FAILURES_PER_ADDRESS,
      AUTH_FAILURE_WINDOW_SECONDS,
    );
    this.failuresPerPrefix = limiter('authfail:prefix', config.AUTH_FAILURES_PER_PREFIX, AUTH_FAILURE_WINDOW_SECONDS);
  }

  /** One request from a client address. */
  async consumeAddress(address: string): Promise<void> {
    await this.consume(this.perAddress, address, 'Too many requests from this address');
  }

  /** One operation by an API key. */
  async consumeKey(keyId: string): Promise<void> {
    await this.consume(this.perKey, keyId, 'Too many requests with this API key');
  }

  /** Refuses, before any lookup, an address or key prefix that has used up its failed authentications. */
  async assertMayAuthenticate(address: string, prefix: string | null): Promise<void> {
    const checks: [RateLimiterRedis | null, string | null, string][] = [
      [this.failuresPerAddress, address, 'Too many failed authentications from this address'],
      [this.failuresPerPrefix, prefix, 'Too many failed authentications for this key'],
    ];
    for (const [limiter, key, message] of checks) {
      if (!limiter || !key) continue;
      const state = await this.guard(() => limiter.get(key));
      if (state && state.consumedPoints >= limiter.points) throw new RateLimitedError(message, retryAfter(state));
    }
  }

  /** Counts one failed authentication against the address and the key prefix. */
  async recordAuthFailure(address: string, prefix: string | null): Promise<void> {
    if (this.failuresPerAddress) await this.guard(() => this.failuresPerAddress!.penalty(address));
    if (this.failuresPerPrefix && prefix) await this.guard(() => this.failuresPerPrefix!.penalty(prefix));
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }

  private async consume(limiter: BurstyRateLimiter | null, key: string, message: string): Promise<void> {
    if (!limiter) return;
    try {
      await limiter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new RateLimitedError(message, retryAfter(error));
      this.unavailable(error);
    }
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T | null> {
    try {
      return await operation();
    } catch (error) {
      this.unavailable(error);
      return null;
    }
  }

  private unavailable(error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn(
      `rate limits: Redis unavailable (${error instanceof Error ? error.message : String(error)}); not limiting`,
    );
    setTimeout(() => (this.warned = false), 60_000).unref();
  }
}

function retryAfter(state: RateLimiterRes): number {
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}
