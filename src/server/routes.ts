/**
 * The HTTP routes, derived from the use-case declarations (src/desk/api/use-cases.ts): each
 * declaration's REST route, and POST /api/v1/call/{name} for every declaration (what the remote
 * command line uses: the use case's input exactly as the CLI builds it).
 */
import { UsageError } from '../core/errors.js';
import { decodeBytes, fromQuery, validate } from '../desk/api/schema.js';
import { SERVED } from './served.js';
import type { UseCase } from '../desk/api/declare.js';

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  params: string[];
  useCase: UseCase<any, any>;
  /** REST: path parameters + query or body, the REST answer; call: the body is the whole input. */
  kind: 'rest' | 'call';
}

function compile(path: string): { pattern: RegExp; params: string[] } {
  const params: string[] = [];
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}$`), params };
}

export const ROUTES: readonly Route[] = [
  ...SERVED.filter((uc) => uc.http).map((uc): Route => ({ method: uc.http!.method, ...compile(uc.http!.path), useCase: uc, kind: 'rest' })),
  ...SERVED.map((uc): Route => ({ method: 'POST', ...compile(`/api/v1/call/${uc.name}`), useCase: uc, kind: 'call' })),
];

export interface Matched { route: Route; path: Record<string, string> }

/** The route for this method and path; 'method' when the path exists with another method. */
export function match(method: string, pathname: string): Matched | 'method' | null {
  let other = false;
  for (const route of ROUTES) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    if (route.method !== method) { other = true; continue; }
    const path: Record<string, string> = {};
    route.params.forEach((name, i) => {
      try {
        path[name] = decodeURIComponent(m[i + 1]!);
      } catch {
        throw new UsageError(`invalid request: '${name}' is not valid in a path`);
      }
    });
    return { route, path };
  }
  return other ? 'method' : null;
}

/** The use case's input: validated against its declaration (400 naming the field otherwise). */
export function inputOf(m: Matched, query: URLSearchParams, body: unknown): Record<string, unknown> {
  const { route } = m;
  if (route.kind === 'call') return withBytes(route, validate(route.useCase.input, body ?? {}));
  const fromRequest = route.method === 'GET' ? fromQuery(route.useCase.input, query) : (body ?? {});
  if (fromRequest === null || typeof fromRequest !== 'object' || Array.isArray(fromRequest)) return validate(route.useCase.input, fromRequest);
  for (const key of Object.keys(m.path)) {
    if (Object.hasOwn(fromRequest, key)) throw new UsageError(`invalid request: '${key}' is given by the path`);
  }
  return withBytes(route, validate(route.useCase.input, { ...(fromRequest as object), ...m.path }));
}

const withBytes = (route: Route, input: Record<string, unknown>) => decodeBytes(route.useCase.input, input) as Record<string, unknown>;
