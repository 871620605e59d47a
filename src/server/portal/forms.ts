/**
 * What the portal reads from a request: cookies, form fields (urlencoded or multipart with files,
 * parsed by busboy) and the CSRF check.
 *
 * CSRF: every page sets a random `hd_csrf` cookie (HttpOnly, SameSite=Lax) and puts
 * HMAC-SHA256(portal secret, cookie) in each form; a POST is accepted only when the form's token is
 * that of its cookie. Another site can neither read the cookie nor compute the token, and SameSite
 * keeps the cookie off its cross-site POSTs in the first place.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { NewFile } from '../../desk/tickets/work-extras.js';
import { HttpError } from '../errors.js';

export interface Form {
  fields: Record<string, string>;
  files: NewFile[];
  /** Files cut off at the attachment limit (not read past it): refused by name. */
  oversize: string[];
}

export function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (/^[\w-]+$/.test(name) && /^[\w-]*$/.test(value)) out[name] = value;
  }
  return out;
}

/** A Set-Cookie value: HttpOnly and SameSite=Lax always, Secure when the portal is served over https. */
export function cookie(name: string, value: string, secure: boolean, maxAgeSeconds?: number): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}${maxAgeSeconds !== undefined ? `; Max-Age=${maxAgeSeconds}` : ''}`;
}

export const newCsrfCookie = (): string => randomBytes(24).toString('base64url');

export const csrfToken = (secret: string, cookieValue: string): string =>
  createHmac('sha256', secret).update(`csrf:${cookieValue}`).digest('base64url');

/** 403 unless the form carries the token of this request's CSRF cookie. */
export function requireCsrf(secret: string, cookieValue: string | undefined, given: string | undefined): void {
  const bad = () => new HttpError(403, 'csrf', 'this form has expired or did not come from this site: go back, reload the page and send it again');
  if (!cookieValue || !given) throw bad();
  const want = Buffer.from(csrfToken(secret, cookieValue));
  const got = Buffer.from(given);
  if (want.length !== got.length || !timingSafeEqual(want, got)) throw bad();
}

const tooLarge = (limit: number) => new HttpError(413, 'too_large', `the form is larger than ${Math.floor(limit / 1024 / 1024)} MB`);

/** The form of a POST: urlencoded or multipart/form-data (files read up to the attachment limit, never past it). */
export function readForm(req: IncomingMessage, maxBody: number, fileLimit: number): Promise<Form> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (Number(req.headers['content-length'] ?? 0) > maxBody) {
    req.resume();
    return Promise.reject(tooLarge(maxBody));
  }
  if (type.startsWith('multipart/form-data')) return readMultipart(req, maxBody, fileLimit);
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) { req.removeAllListeners('data'); req.resume(); fail(tooLarge(maxBody)); } else chunks.push(c);
    });
    req.on('end', () => done({ fields: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))), files: [], oversize: [] }));
    req.on('error', fail);
  });
}

function readMultipart(req: IncomingMessage, maxBody: number, fileLimit: number): Promise<Form> {
  return new Promise((done, fail) => {
    const form: Form = { fields: {}, files: [], oversize: [] };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: fileLimit, files: 10, fields: 30, fieldSize: 1024 * 1024 + 1, parts: 50 } });
    } catch {
      req.resume();
      fail(new HttpError(400, 'usage', 'the form could not be read'));
      return;
    }
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) { req.unpipe(bb); req.resume(); fail(tooLarge(maxBody)); }
    });
    bb.on('field', (name, value) => { form.fields[name] = value; });
    bb.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      let cut = false;
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => { cut = true; });
      stream.on('end', () => {
        const filename = cleanFilename(info.filename ?? '');
        const content = Buffer.concat(chunks);
        if (filename === '' && content.length === 0) return; // a file input left empty
        if (cut) { form.oversize.push(filename || 'attachment'); return; }
        form.files.push({ filename: filename || 'attachment', contentType: cleanType(info.mimeType), content });
      });
    });
    bb.on('close', () => done(form));
    bb.on('error', () => fail(new HttpError(400, 'usage', 'the form could not be read')));
    req.pipe(bb);
  });
}

/** A file name without folders or control characters. */
// eslint-disable-next-line no-control-regex -- control characters never reach a file name
const cleanFilename = (name: string): string => (name.split(/[\\/]/).pop() ?? '').replace(/[\x00-\x1f\x7f]/g, '').trim().slice(0, 200);
const cleanType = (type: string | undefined): string => (type && /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type.toLowerCase() : 'application/octet-stream');
