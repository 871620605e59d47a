/**
 * A real SMTP server for the tests (the smtp-server package) on 127.0.0.1: it records what it is
 * given, and can refuse recipients, or hang on DATA to simulate a run cut off mid-send.
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
  /** Resolves when the next message's data has arrived (answered or not). */
  nextData(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtp(port = 0): Promise<TestSmtp> {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const state = { reject: new Set<string>(), hang: false };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    // No reverse DNS of 127.0.0.1 per connection (seconds each where there is no resolver).
    disableReverseLookup: true,
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, cb) {
      cb(null, { user: auth.username });
    },
    onRcptTo(address, _session, cb) {
      if (state.reject.has(address.address)) {
        const err = new Error('mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
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
    get hang() { return state.hang; },
    set hang(v: boolean) { state.hang = v; },
    nextData: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
