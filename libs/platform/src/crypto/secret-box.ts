import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

/** The 32-byte key of SECRETS_KEY (validated by the config schema: base64 or hex). */
export function secretsKeyBytes(secretsKey: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(secretsKey) ? Buffer.from(secretsKey, 'hex') : Buffer.from(secretsKey, 'base64');
  if (key.length !== 32) throw new Error('SECRETS_KEY must be 32 bytes');
  return key;
}

/** A new SECRETS_KEY value: 32 random bytes, base64. */
export function generateSecretsKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * Encrypts a secret for storage with AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` (base64url parts). `context`
 * (e.g. the owning row's id) is bound as additional data, so a ciphertext copied to another row fails to open.
 */
export function sealSecret(secretsKey: string, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', secretsKeyBytes(secretsKey), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Opens what {@link sealSecret} sealed with the same key and context; throws if either differs or it was altered. */
export function openSecret(secretsKey: string, sealed: string, context: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('Unrecognised sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', secretsKeyBytes(secretsKey), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
