import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Integration credentials at rest: AES-256-GCM under CREDENTIALS_KEY, stored as iv | tag | ciphertext.
 * The API never decrypts them; only the workers that call the third party would.
 */

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function encryptCredentials(key: Buffer, credentials: unknown): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

export function decryptCredentials(key: Buffer, sealed: Uint8Array): unknown {
  const bytes = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  return JSON.parse(plain.toString('utf8'));
}
