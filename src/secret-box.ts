import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (issue 29: each Slack workspace's tokens in the database), sealed with AES-256-GCM under the
 * operator's PAPERCLUB_SECRET_KEY (node:crypto; no home-made cryptography). Every sealing takes a fresh random
 * 96-bit nonce, and the tag makes any change to the stored text, or a wrong key, fail to open rather than decrypt to
 * garbage. `bound` ties a sealed value to its row (a workspace id): copied onto another row it does not open.
 */
export interface SecretBox {
  seal(plain: string, bound: string): string;
  /** Throws when the key is wrong, the text was changed, or it belongs to another row. */
  open(sealed: string, bound: string): string;
}

/** Sealed values start with this: the format can change later without guessing. */
const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
  // A copy: the caller's buffer may be zeroed or reused; this box keeps its own.
  const k = Buffer.from(key);
  return {
    seal(plain, bound) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', k, nonce);
      cipher.setAAD(Buffer.from(bound, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(sealed, bound) {
      const [version, data] = sealed.split('.');
      if (version !== VERSION || !data) throw new Error('not a sealed secret of this version');
      const raw = Buffer.from(data, 'base64url');
      if (raw.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed secret too short');
      const decipher = createDecipheriv('aes-256-gcm', k, raw.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(bound, 'utf8'));
      decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        // The cipher's own message ("Unsupported state or unable to authenticate data") says nothing to an operator.
        throw new Error('the sealed secret does not open with this key (PAPERCLUB_SECRET_KEY changed?) or was altered');
      }
    },
  };
}
