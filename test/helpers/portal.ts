/**
 * A visitor of the portal without a browser: fetch with a cookie jar, forms sent as a
 * browser sends them (urlencoded, or multipart with files), and the CSRF token read from the page.
 */
import type { Sandbox } from './cli.js';

export interface PortalAnswer { status: number; text: string; headers: Headers; location: string | null }

export class Visitor {
  readonly jar = new Map<string, string>();
  constructor(readonly base: string, readonly headers: Record<string, string> = {}) {}

  private cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (value === '' || /Max-Age=0/i.test(line)) this.jar.delete(name); else this.jar.set(name, value);
    }
  }

  async request(path: string, init: { method?: string; body?: RequestInit['body']; headers?: Record<string, string> } = {}): Promise<PortalAnswer> {
    const res = await fetch(this.base + path, {
      method: init.method ?? 'GET', body: init.body, redirect: 'manual',
      headers: { ...this.headers, ...(this.jar.size ? { cookie: this.cookieHeader() } : {}), ...init.headers },
    });
    this.remember(res);
    return { status: res.status, text: await res.text(), headers: res.headers, location: res.headers.get('location') };
  }

  get(path: string): Promise<PortalAnswer> {
    return this.request(path);
  }

  /** The CSRF token of the page at `path` (loading it also sets the CSRF cookie). */
  async csrf(path = '/new'): Promise<string> {
    const page = await this.get(path);
    const m = /name="csrf" value="([^"]+)"/.exec(page.text);
    if (!m) throw new Error(`no CSRF token on ${path}: ${page.status} ${page.text.slice(0, 300)}`);
    return m[1]!;
  }

  /** A urlencoded form; `csrf: null` leaves the token out. */
  async post(path: string, fields: Record<string, string>, csrf: string | null): Promise<PortalAnswer> {
    const body = new URLSearchParams({ ...fields, ...(csrf === null ? {} : { csrf }) });
    return this.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** A multipart form with files. */
  async postMultipart(path: string, fields: Record<string, string>, files: Array<{ name: string; content: Buffer; type?: string }>, csrf: string | null): Promise<PortalAnswer> {
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...fields, ...(csrf === null ? {} : { csrf }) })) form.append(k, v);
    for (const f of files) form.append('files', new Blob([f.content], { type: f.type ?? 'application/octet-stream' }), f.name);
    return this.request(path, { method: 'POST', body: form });
  }
}

/** The newest link of this kind (`access` or `rate`) in the outbox mail to `to`. */
export function mailedLink(s: Sandbox, to: string, kind: 'access' | 'rate', env: Record<string, string> = {}): string {
  const out = s.hd(['--as', 'admin', 'mail', 'outbox', '--json'], { env });
  const mails = (JSON.parse(out.stdout) as Array<{ id: number; to: string }>).filter((m) => m.to === to).reverse();
  for (const m of mails) {
    const body = s.hd(['--as', 'admin', 'mail', 'show', String(m.id), '--json'], { env }).stdout;
    const link = new RegExp(`https?://[^\\s"]+/${kind}\\?token=[\\w-]+`).exec(JSON.parse(body).body as string);
    if (link) return link[0];
  }
  throw new Error(`no ${kind} link mailed to ${to}`);
}
