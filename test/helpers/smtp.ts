/**
 * A real SMTP server for the tests (the smtp-server package) on 127.0.0.1: it records what it is
 * given, and can refuse recipients, hang on DATA to simulate a run cut off mid-send, refuse the
 * session (535 bad password, 530 authentication required, 421 at the greeting), or offer STARTTLS
 * (smtp-server's own self-signed certificate: clients need ?tls.rejectUnauthorized=false).
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
  mail: ParsedMail;
}

export interface TestSmtp {
  port: number;
  received: Received[];
  /** Recipients answered with 550 (permanent refusal). */
  reject: Set<string>;
  /** When true, DATA is read but never answered (the client waits until killed). */
  hang: boolean;
  /** 'refuse-auth': 535 to every AUTH; 'require-auth': 530 to MAIL FROM without AUTH; '421': closes at the greeting. */
  session: 'ok' | 'refuse-auth' | 'require-auth' | '421';
  /** Recipients answered with 450 (try again later). */
  busy: Set<string>;
  /** How many connections were made, and how many AUTH attempts. */
  connections: number;
  auths: number;
  /** Resolves when the next message's data has arrived (answered or not). */
  nextData(): Promise<void>;
  close(): Promise<void>;
}

const refusal = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export async function startSmtp(port = 0, opts: { tls?: boolean } = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const state = { reject: new Set<string>(), busy: new Set<string>(), hang: false, session: 'ok' as TestSmtp['session'], connections: 0, auths: 0 };
  const server = new SMTPServer({
    disabledCommands: opts.tls ? [] : ['STARTTLS'],
    // No reverse DNS of 127.0.0.1 per connection (seconds each where there is no resolver).
    disableReverseLookup: true,
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onConnect(_session, cb) {
      state.connections++;
      if (state.session === '421') return cb(refusal(421, 'Service not available, closing transmission channel'));
      cb();
    },
    onAuth(auth, _session, cb) {
      state.auths++;
      if (state.session === 'refuse-auth') return cb(refusal(535, 'Authentication credentials invalid'));
      cb(null, { user: auth.username });
    },
    onMailFrom(_address, session, cb) {
      if (state.session === 'require-auth' && !session.user) return cb(refusal(530, 'Authentication required'));
      cb();
    },
    onRcptTo(address, _session, cb) {
      if (state.reject.has(address.address)) return cb(refusal(550, 'mailbox unavailable'));
      if (state.busy.has(address.address)) return cb(refusal(450, 'mailbox busy, try again later'));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail = await simpleParser(raw);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw, mail,
        });
        waiters.splice(0).forEach((w) => w());
        if (!state.hang) cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  // A client killed mid-session (the reliability tests do that) resets its connection: not an error of ours.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') throw err;
  });
  const address = server.server.address() as { port: number };
  return {
    port: address.port,
    received,
    get reject() { return state.reject; },
    get busy() { return state.busy; },
    get session() { return state.session; },
    set session(v: TestSmtp['session']) { state.session = v; },
    get connections() { return state.connections; },
    get auths() { return state.auths; },
    get hang() { return state.hang; },
    set hang(v: boolean) { state.hang = v; },
    nextData: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
