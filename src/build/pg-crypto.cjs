// node-postgres's crypto helpers (pg/lib/crypto/utils.js), with the same functions and results,
// over node:crypto's one-call functions instead of the Web Crypto API. The PostgreSQL store's
// bundle uses this file in their place (src/build/build.mjs, pgCryptoDirect): pg's SCRAM-SHA-256
// login made six Web Crypto calls, each a trip through libuv's thread pool (started for it) and
// Web Crypto's argument checks, ~4 ms of a cold command; here PBKDF2's 4096 rounds are one
// synchronous call of under 2 ms, and node:crypto is loaded on the first login, not with the driver
// (a server that asks for no password never loads it). test/build/pg-crypto.test.ts checks every
// function against pg's own.
'use strict';

let loaded;
const crypto = () => (loaded ??= require('node:crypto'));

/** 'SHA-256' (Web Crypto's name, as pg's certificate check gives it) → 'sha256'. */
const nodeHash = (name) => name.replace('-', '').toLowerCase();

function randomBytes(length) {
  return crypto().randomBytes(length);
}

async function md5(string) {
  return crypto().createHash('md5').update(string, 'utf-8').digest('hex');
}

async function postgresMd5PasswordHash(user, password, salt) {
  const inner = await md5(password + user);
  const outer = await md5(Buffer.concat([Buffer.from(inner), salt]));
  return 'md5' + outer;
}

async function sha256(data) {
  return crypto().createHash('sha256').update(Buffer.from(data)).digest();
}

async function hashByName(hashName, data) {
  return crypto().createHash(nodeHash(hashName)).update(Buffer.from(data)).digest();
}

async function hmacSha256(key, msg) {
  return crypto().createHmac('sha256', Buffer.from(key)).update(msg, 'utf8').digest();
}

async function deriveKey(password, salt, iterations) {
  return crypto().pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
}

module.exports = { postgresMd5PasswordHash, randomBytes, deriveKey, sha256, hashByName, hmacSha256, md5 };
