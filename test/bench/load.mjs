// The server benchmark's load generator (test/bench/server.mjs): keep-alive HTTP/1.1 connections
// written and read on raw sockets. It shares the machine's two cores with the server it measures,
// so it must cost little: node:http's client (an Agent, a parser and a stream per request) took
// ~0.1 ms of CPU per request here, as much as a request costs the server itself; this writes one
// prepared request at a time and reads only the status line, Content-Length and the body, which the
// server always sends (it never answers chunked). autocannon (npm) would add 23 packages and parses
// answers with http-parser-js in JavaScript too; wrk (Debian) cannot be installed by `npm ci`.
import { connect } from 'node:net';

const CRLF2 = Buffer.from('\r\n\r\n');

/** The bytes of one request: method, path, headers (Host and Content-Length added), body. */
export function requestBytes(method, path, headers, body = '') {
  const payload = Buffer.from(body, 'utf8');
  let head = `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  if (method !== 'GET' || payload.length) head += `content-length: ${payload.length}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), payload]);
}

/** One keep-alive connection: send() resolves to { status, text, ms } for each request, in turn. */
function connection(port) {
  let socket = null;
  let pending = null; // { done, started, buf, need, status, head }
  const fail = (message) => {
    const p = pending;
    pending = null;
    socket?.destroy();
    socket = null;
    p?.done({ status: 0, text: message, ms: 0 });
  };
  const onData = (chunk) => {
    const p = pending;
    if (p === null) return fail('data without a request');
    p.buf = p.buf.length ? Buffer.concat([p.buf, chunk]) : chunk;
    if (p.need < 0) {
      const end = p.buf.indexOf(CRLF2);
      if (end < 0) return undefined;
      const head = p.buf.toString('latin1', 0, end);
      p.status = Number(head.slice(9, 12));
      const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!m) return fail(`answer without Content-Length: ${head.slice(0, 80)}`);
      p.need = Number(m[1]);
      p.buf = p.buf.subarray(end + 4);
    }
    if (p.buf.length < p.need) return undefined;
    pending = null;
    return p.done({ status: p.status, text: p.buf.toString('utf8', 0, p.need), ms: Number(process.hrtime.bigint() - p.started) / 1e6 });
  };
  const open = () => {
    socket = connect({ host: '127.0.0.1', port, noDelay: true });
    socket.on('data', onData);
    socket.on('error', (err) => fail(err.message));
    socket.on('close', () => {
      socket = null;
      if (pending) fail('connection closed before the answer');
    });
  };
  return {
    send(bytes) {
      return new Promise((done) => {
        if (socket === null) open();
        pending = { done, started: process.hrtime.bigint(), buf: Buffer.alloc(0), need: -1, status: 0 };
        socket.write(bytes);
      });
    },
    close() { socket?.destroy(); socket = null; },
  };
}

/**
 * `conns` connections, each sending make()'s request as soon as the previous answer is in, for
 * `seconds`. Returns every answer ({ status, text, ms }) and the CPU time this process spent.
 */
export async function runLoad({ port, seconds, conns, make }) {
  const cpu = process.cpuUsage();
  const until = Date.now() + seconds * 1000;
  const results = [];
  await Promise.all(Array.from({ length: conns }, async () => {
    const c = connection(port);
    while (Date.now() < until) results.push(await c.send(make()));
    c.close();
  }));
  const used = process.cpuUsage(cpu);
  return { results, cpuMs: (used.user + used.system) / 1000 };
}
