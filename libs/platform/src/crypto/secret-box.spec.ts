import { generateSecretsKey, openSecret, sealSecret, secretsKeyBytes } from './secret-box.js';

describe('secret box', () => {
  const key = generateSecretsKey();

  it('opens what it sealed, and the sealed form does not contain the secret', () => {
    const sealed = sealSecret(key, 'whsec_top-secret', 'endpoint-1');
    expect(sealed).not.toContain('top-secret');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(openSecret(key, sealed, 'endpoint-1')).toBe('whsec_top-secret');
  });

  it('seals the same secret differently each time (random IV)', () => {
    expect(sealSecret(key, 'same', 'c')).not.toBe(sealSecret(key, 'same', 'c'));
  });

  it('refuses another key, another context, or an altered ciphertext', () => {
    const sealed = sealSecret(key, 'secret', 'endpoint-1');
    expect(() => openSecret(generateSecretsKey(), sealed, 'endpoint-1')).toThrow();
    expect(() => openSecret(key, sealed, 'endpoint-2')).toThrow();
    const parts = sealed.split('.');
    const altered = Buffer.from(parts[3], 'base64url');
    altered[0] ^= 1;
    expect(() =>
      openSecret(key, [...parts.slice(0, 3), altered.toString('base64url')].join('.'), 'endpoint-1'),
    ).toThrow();
    expect(() => openSecret(key, 'v0.a.b.c', 'endpoint-1')).toThrow('Unrecognised sealed secret');
  });

  it('reads keys as hex or base64', () => {
    const bytes = secretsKeyBytes(key);
    expect(bytes).toHaveLength(32);
    expect(secretsKeyBytes(bytes.toString('hex'))).toEqual(bytes);
    expect(() => secretsKeyBytes('c2hvcnQ=')).toThrow('32 bytes');
  });
});
