/**
 * src/build/pg-crypto.cjs stands in for node-postgres's crypto helpers (pg/lib/crypto/utils.js) in
 * the PostgreSQL store's bundle: every function must give what pg's own gives, or a login would fail
 * (or, worse, a server's signature be accepted that should not).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
type Helpers = {
  postgresMd5PasswordHash(user: string, password: string, salt: Buffer): Promise<string>;
  randomBytes(n: number): Buffer;
  deriveKey(password: string, salt: Uint8Array, iterations: number): Promise<ArrayBuffer | Buffer>;
  sha256(data: ArrayBuffer | Buffer): Promise<ArrayBuffer | Buffer>;
  hashByName(name: string, data: ArrayBuffer | Buffer): Promise<ArrayBuffer | Buffer>;
  hmacSha256(key: ArrayBuffer | Buffer, msg: string): Promise<ArrayBuffer | Buffer>;
  md5(text: string): Promise<string>;
};
const theirs = require(join(root, 'node_modules/pg/lib/crypto/utils.js')) as Helpers;
const ours = require(join(root, 'src/build/pg-crypto.cjs')) as Helpers;
const hex = (b: ArrayBuffer | Buffer) => Buffer.from(b as ArrayBuffer).toString('hex');

describe('src/build/pg-crypto.cjs answers as pg/lib/crypto/utils.js', () => {
  const salt = Buffer.from('c2FsdHlzYWx0eXNhbHR5', 'base64');

  it('derives the same SCRAM key, whatever the password (non-ASCII included)', async () => {
    for (const password of ['hd-test-secret', 'pässwörd ✓', '']) {
      for (const iterations of [1, 4096]) {
        expect(hex(await ours.deriveKey(password, salt, iterations))).toBe(hex(await theirs.deriveKey(password, salt, iterations)));
      }
    }
  });

  it('gives the same HMACs and hashes, from Buffers and ArrayBuffers alike', async () => {
    const key = await theirs.deriveKey('secret', salt, 16);
    for (const k of [key, Buffer.from(key as ArrayBuffer)]) {
      expect(hex(await ours.hmacSha256(k, 'Client Key'))).toBe(hex(await theirs.hmacSha256(k, 'Client Key')));
      expect(hex(await ours.hmacSha256(k, 'n=*,r=é'))).toBe(hex(await theirs.hmacSha256(k, 'n=*,r=é')));
      expect(hex(await ours.sha256(k))).toBe(hex(await theirs.sha256(k)));
      for (const name of ['SHA-256', 'SHA-384', 'SHA-512']) expect(hex(await ours.hashByName(name, k))).toBe(hex(await theirs.hashByName(name, k)));
    }
  });

  it('gives the same MD5 password hash', async () => {
    expect(await ours.md5('password')).toBe(await theirs.md5('password'));
    expect(await ours.postgresMd5PasswordHash('helpdesk', 'sécret', Buffer.from([1, 2, 3, 4]))).toBe(await theirs.postgresMd5PasswordHash('helpdesk', 'sécret', Buffer.from([1, 2, 3, 4])));
  });

  it('hands out random Buffers of the length asked for', () => {
    const a = ours.randomBytes(18);
    expect(Buffer.isBuffer(a)).toBe(true);
    expect(a).toHaveLength(18);
    expect(a.equals(ours.randomBytes(18))).toBe(false);
  });
});
