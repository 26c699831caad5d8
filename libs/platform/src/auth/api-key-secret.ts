import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Key format: `tsu_<prefix>_<secret>`. The prefix (8 lower-case alphanumerics) is stored in clear so a
 * key can be found and recognised in a list; the whole key is stored only as its SHA-256. With 256 bits
 * of randomness a fast hash is enough: there is nothing to brute-force.
 */
const KEY_PATTERN = /^tsu_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface GeneratedKey {
  prefix: string;
  secret: string;
  hash: Buffer;
}

export function generateApiKey(): GeneratedKey {
  const prefixBytes = randomBytes(8);
  const prefix = Array.from(prefixBytes, (byte) => PREFIX_ALPHABET[byte % PREFIX_ALPHABET.length]).join('');
  const secret = `tsu_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { prefix, secret, hash: hashApiKey(secret) };
}

export function hashApiKey(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** The prefix of a well-formed key, or null. */
export function apiKeyPrefix(secret: string): string | null {
  return KEY_PATTERN.exec(secret)?.[1] ?? null;
}

export function apiKeyMatches(secret: string, storedHash: Buffer): boolean {
  const hash = hashApiKey(secret);
  return hash.length === storedHash.length && timingSafeEqual(hash, storedHash);
}

/** The bearer token of an `Authorization` header value, if any. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}
