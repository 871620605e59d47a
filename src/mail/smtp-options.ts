/**
 * mail.smtp (`smtp://user:pass@host:587?requireTLS=true`) → nodemailer transport options. Parsed here
 * rather than handed to nodemailer as `url` because nodemailer lets the URL override every option we
 * pass, and the security rule must hold whatever the URL says: credentials go only over TLS
 * (smtps://, or STARTTLS required) unless an admin set `mail.smtp_allow_plain on`.
 *
 * Query options, as nodemailer names them: requireTLS, ignoreTLS, tls.rejectUnauthorized,
 * tls.servername, tls.minVersion, name (the EHLO name), authMethod, connectionTimeout,
 * greetingTimeout, socketTimeout. `true`/`false` and numbers are converted.
 */

export interface SmtpOptions {
  host: string;
  port?: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  requireTLS?: boolean;
  ignoreTLS?: boolean;
  tls?: Record<string, unknown>;
  [option: string]: unknown;
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const value = (v: string): unknown => (v === 'true' ? true : v === 'false' ? false : v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v);

/** Options that must never come from the URL: they are the transport's own plumbing. */
const RESERVED = new Set(['host', 'port', 'secure', 'auth', 'url', 'pool', 'maxConnections', 'logger', 'debug', 'getSocket', 'transport', 'proxy', '__proto__', 'constructor', 'prototype']);

/** Parses mail.smtp. `allowPlain`: the admin's mail.smtp_allow_plain. */
export function smtpOptions(url: string, allowPlain: boolean): SmtpOptions {
  const u = new URL(url);
  const options: SmtpOptions = { host: u.hostname.replace(/^\[|\]$/g, ''), secure: u.protocol === 'smtps:' };
  if (u.port) options.port = Number(u.port);
  if (u.username || u.password) options.auth = { user: decode(u.username), pass: decode(u.password) };
  for (const [key, raw] of u.searchParams) {
    if (key.startsWith('tls.')) {
      const k = key.slice(4);
      if (!RESERVED.has(k)) (options.tls ??= {})[k] = value(raw);
    } else if (!key.includes('.') && !RESERVED.has(key)) {
      options[key] = value(raw);
    }
  }
  if (options.auth && !options.secure && !allowPlain) {
    // STARTTLS or nothing: against a server without it nodemailer fails before AUTH, sending nothing.
    options.requireTLS = true;
    options.ignoreTLS = false;
  }
  return options;
}
