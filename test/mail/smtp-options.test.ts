import { describe, expect, it } from 'vitest';
import { classify } from '../../src/mail/deliver.js';
import { smtpOptions } from '../../src/mail/smtp-options.js';

describe('smtpOptions', () => {
  it('reads host, port, credentials and nodemailer options from the URL', () => {
    expect(smtpOptions('smtps://desk:p%40ss@mail.example.com:465?tls.rejectUnauthorized=false&name=desk.example.com&connectionTimeout=5000', false)).toEqual({
      host: 'mail.example.com', port: 465, secure: true, auth: { user: 'desk', pass: 'p@ss' },
      tls: { rejectUnauthorized: false }, name: 'desk.example.com', connectionTimeout: 5000,
    });
  });

  it('a password over smtp:// requires STARTTLS, whatever the URL says, unless plain is allowed', () => {
    expect(smtpOptions('smtp://desk:pw@mail.example.com:587?ignoreTLS=true', false)).toMatchObject({ requireTLS: true, ignoreTLS: false });
    expect(smtpOptions('smtp://desk:pw@mail.example.com:587?ignoreTLS=true', true)).toMatchObject({ ignoreTLS: true });
    expect(smtpOptions('smtp://desk:pw@mail.example.com:587', true).requireTLS).toBeUndefined();
    // Without a password there is nothing to protect: the server decides.
    expect(smtpOptions('smtp://mail.example.com:25', false).requireTLS).toBeUndefined();
    expect(smtpOptions('smtp://mail.example.com:25?requireTLS=true', false).requireTLS).toBe(true);
  });

  it('the URL cannot set the transport plumbing', () => {
    const o = smtpOptions('smtp://mail.example.com:25?host=evil.example.net&secure=true&pool=false&tls.__proto__=x&auth.user=x', false);
    expect(o).toEqual({ host: 'mail.example.com', port: 25, secure: false });
  });
});

describe('classify: whose fault a refusal is', () => {
  it.each([
    [{ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }, 'session'],
    [{ code: 'EENVELOPE', responseCode: 530, command: 'MAIL FROM' }, 'session'],
    [{ code: 'EENVELOPE', responseCode: 550, command: 'MAIL FROM' }, 'session'],
    [{ code: 'ECONNECTION', responseCode: 421, command: 'CONN' }, 'session'],
    [{ code: 'EENVELOPE', responseCode: 421, command: 'RCPT TO' }, 'session'],
    [{ code: 'ETLS', command: 'STARTTLS' }, 'session'],
    [{ code: 'ECONNECTION' }, 'session'],
    [{ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }, 'permanent'],
    [{ code: 'EMESSAGE', responseCode: 554, command: 'DATA' }, 'permanent'],
    [{ code: 'EENVELOPE', responseCode: 450, command: 'RCPT TO' }, 'temporary'],
    [{ code: 'EMESSAGE', responseCode: 452, command: 'DATA' }, 'temporary'],
  ] as const)('%j → %s', (err, expected) => {
    expect(classify(Object.assign(new Error('x'), err))).toBe(expected);
  });
});
