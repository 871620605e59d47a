import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { UsageError } from '../../../core/errors.js';
import { CONFIG_KEYS } from '../../../desk/config.js';
import { globalsOf, openDesk, parseFrozenNow, type Factory, type Globals } from '../../factory.js';

export interface ServeOptions {
  listen?: string;
  publicUrl?: string;
  tlsCert?: string;
  tlsKey?: string;
  trustProxy?: boolean;
  jobs?: boolean;
  jobsEvery?: string;
  globals: Globals;
}

export function newServeCommand(f: Factory, run = runServe): Command {
  return new Command('serve')
    .description('run the desk as an HTTP service: the API, token authentication, osTicket-compatible intake, the end users\' portal at /')
    .option('--listen <host:port>', 'address to listen on (default 127.0.0.1:8484; port 0 picks a free one)')
    .option('--public-url <url>', 'the address put in mailed links (default http://<listen>)')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM; with --tls-key)')
    .option('--tls-key <file>', 'the private key of --tls-cert (PEM)')
    .option('--trust-proxy', 'behind a reverse proxy: take client addresses from X-Forwarded-For')
    .option('--jobs', 'also run the cron jobs inside the server: automate run (which includes sla check), then mail send')
    .option('--jobs-every <duration>', 'with --jobs: the pause between runs (default 60s; 30s, 5m, 1h)')
    .action((o: Omit<ServeOptions, 'globals'>, cmd: Command) => run(f, { ...o, globals: globalsOf(cmd) }));
}

/** host:port → its parts; IPv6 hosts in brackets ([::1]:8484). */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+)):(\d{1,5})$/i.exec(text.trim());
  const port = m ? Number(m[3]) : -1;
  if (!m || port > 65535) throw new UsageError(`--listen '${text}' is not host:port`, 'e.g. --listen 127.0.0.1:8484 or --listen 0.0.0.0:8484');
  return { host: m[1] ?? m[2]!, port };
}

function readPem(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(`cannot read ${flag} ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export async function runServe(f: Factory, o: ServeOptions): Promise<void> {
  const { host, port } = parseListen(o.listen ?? '127.0.0.1:8484');
  if (o.jobsEvery !== undefined && !o.jobs) throw new UsageError('--jobs-every goes with --jobs', 'e.g. helpdesk serve --jobs --jobs-every 5m');
  const { parseJobsEvery, startJobLoop } = await import('../../../server/jobs.js');
  const everyMs = parseJobsEvery(o.jobsEvery ?? '60s');
  if ((o.tlsCert === undefined) !== (o.tlsKey === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  const tls = o.tlsCert !== undefined ? { cert: readPem(o.tlsCert, '--tls-cert'), key: readPem(o.tlsKey!, '--tls-key') } : undefined;
  const desk = await openDesk(f, o.globals);
  const maxBody = Number(await desk.store.read((tx) => tx.settings.getSetting('server.max_body')) ?? CONFIG_KEYS['server.max_body']!.default);
  // A server started with HELPDESK_NOW (tests, labs) lets each request say its own "now".
  const frozen = f.env.HELPDESK_NOW !== undefined && f.env.HELPDESK_NOW !== '';
  const clock = (requested?: string) => (frozen && requested ? parseFrozenNow(requested) : f.now());
  const { startServer } = await import('../../../server/http.js');
  const { log, flush } = bufferedLog(f);
  const running = await startServer({ store: desk.store, host, port, clock, log, maxBody, trustProxy: o.trustProxy === true, tls, publicUrl: o.publicUrl });
  flush();
  f.io.err(`Listening on ${running.url}\n`);
  const jobs = o.jobs ? startJobLoop({ store: running.store, now: () => f.now(), everyMs, log }) : null;
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  // Stop accepting and let requests and the jobs' run in flight finish, then close the database.
  await Promise.all([running.close(), jobs?.stop()]);
  desk.store.close();
  flush();
  f.io.err('Stopped\n');
}

/**
 * The access log (a line per request) and the jobs' lines, written to stderr once per turn of the
 * event loop: the answers of a group commit go out together, and one write then serves all their
 * lines instead of a system call each.
 */
function bufferedLog(f: Factory): { log(line: string): void; flush(): void } {
  let lines: string[] = [];
  const flush = () => {
    if (lines.length === 0) return;
    const text = lines.join('');
    lines = [];
    f.io.err(text);
  };
  return { log: (line) => void (lines.push(`${line}\n`) === 1 && setImmediate(flush)), flush };
}
