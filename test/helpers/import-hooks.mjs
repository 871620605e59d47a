// Module resolution hooks for the cold-start test: every resolved URL is appended to the file named
// by HELPDESK_TRACE_IMPORTS, so a test can see which packages a command loaded.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.HELPDESK_TRACE_IMPORTS) appendFileSync(process.env.HELPDESK_TRACE_IMPORTS, `${result.url}\n`);
  return result;
}
