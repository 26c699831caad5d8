import { createHash } from 'node:crypto';
import { apiKeyMatches, apiKeyPrefix, bearerToken, generateApiKey, hashApiKey } from './api-key-secret.js';

const KEY_FORMAT = /^tsu_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

describe('generateApiKey', () => {
  it('produces tsu_<8 lower-case alphanumerics>_<43 base64url characters>', () => {
    const key = generateApiKey();
    expect(key.secret).toMatch(KEY_FORMAT);
    expect(key.prefix).toMatch(/^[a-z0-9]{8}$/);
    expect(key.secret.startsWith(`tsu_${key.prefix}_`)).toBe(true);
  });

  it('stores the SHA-256 of the whole key (32 bytes)', () => {
    const key = generateApiKey();
    expect(key.hash).toHaveLength(32);
    expect(key.hash.equals(createHash('sha256').update(key.secret).digest())).toBe(true);
    expect(key.hash.equals(hashApiKey(key.secret))).toBe(true);
  });

  it('never returns the same key twice', () => {
    const first = generateApiKey();
    const second = generateApiKey();
    expect(first.secret).not.toBe(second.secret);
    expect(first.hash.equals(second.hash)).toBe(false);
  });
});

describe('apiKeyPrefix', () => {
  it('extracts the prefix of a well-formed key', () => {
    const key = generateApiKey();
    expect(apiKeyPrefix(key.secret)).toBe(key.prefix);
    expect(apiKeyPrefix(`tsu_abcd1234_${'x'.repeat(43)}`)).toBe('abcd1234');
  });

  it.each([
    ['empty', ''],
    ['upper-case prefix', `tsu_ABCD1234_${'x'.repeat(43)}`],
    ['short prefix', `tsu_abc_${'x'.repeat(43)}`],
    ['short secret', `tsu_abcd1234_${'x'.repeat(42)}`],
    ['long secret', `tsu_abcd1234_${'x'.repeat(44)}`],
    ['wrong scheme', `key_abcd1234_${'x'.repeat(43)}`],
    ['trailing text', `tsu_abcd1234_${'x'.repeat(43)} `],
  ])('returns null for a malformed key (%s)', (_, secret) => {
    expect(apiKeyPrefix(secret)).toBeNull();
  });
});

describe('apiKeyMatches', () => {
  it('is true for the key whose hash is stored', () => {
    const key = generateApiKey();
    expect(apiKeyMatches(key.secret, key.hash)).toBe(true);
  });

  it('is false for another key', () => {
    const key = generateApiKey();
    expect(apiKeyMatches(generateApiKey().secret, key.hash)).toBe(false);
    expect(apiKeyMatches(`${key.secret}x`, key.hash)).toBe(false);
  });

  it('is false, without throwing, for a stored hash of another length', () => {
    const key = generateApiKey();
    expect(apiKeyMatches(key.secret, key.hash.subarray(0, 16))).toBe(false);
    expect(apiKeyMatches(key.secret, Buffer.alloc(0))).toBe(false);
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def', 'abc.def'],
    ['bearer abc', 'abc'],
    ['BEARER abc', 'abc'],
    ['Bearer    abc', 'abc'],
    ['Bearer abc   ', 'abc'],
    ['Bearer\tabc', 'abc'],
  ])('reads the token of %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['scheme only', 'Bearer'],
    ['scheme and spaces', 'Bearer   '],
    ['Basic scheme', 'Basic dXNlcjpwYXNz'],
    ['token without scheme', 'abc'],
    ['two tokens', 'Bearer abc def'],
    ['leading space', ' Bearer abc'],
    ['scheme glued to token', 'Bearerabc'],
  ])('returns null when %s', (_, header) => {
    expect(bearerToken(header)).toBeNull();
  });
});
