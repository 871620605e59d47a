/**
 * HTML by tagged templates, escaping by default. Every value put into `html\`…\`` is
 * escaped unless it is itself the result of `html` (a Safe), so what people wrote can never become
 * markup: there is no way to interpolate raw text by accident. Chosen over a template engine because
 * the portal has a handful of small pages, a tagged template is checked by the TypeScript compiler
 * like any other code, and it adds no dependency and no second syntax with its own escaping rules.
 */
export class Safe {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text made safe for element content and quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);

type Value = Safe | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Safe) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** The tag. Its values are as many as the template has holes (a rest parameter, never a spread of data). */
export function html(strings: readonly string[] & { readonly raw: readonly string[] }, ...values: Value[]): Safe {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Safe(out);
}

/** The page around a body: language, viewport for phones, one stylesheet, no script. */
export function page(title: string, body: Safe, opts: { signedIn?: string | null; csrf?: string } = {}): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Help Desk</title>
<link rel="stylesheet" href="/portal.css">
</head>
<body>
<header>
<nav aria-label="Help desk">
<a href="/">Help Desk</a>
<a href="/new">Open a new ticket</a>
${opts.signedIn ? html`<a href="/tickets">My tickets</a>` : html`<a href="/check">Check a ticket</a>`}
${opts.signedIn && opts.csrf ? html`<form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="${opts.csrf}"><button type="submit">Sign out (${opts.signedIn})</button></form>` : ''}
</nav>
</header>
<main id="main">
${body}
</main>
</body>
</html>
`.text;
}

/** The stylesheet (served as /portal.css: the Content-Security-Policy allows no inline style or script). */
export const PORTAL_CSS = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 48rem; padding: 0 1rem 2rem; }
header nav { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center; padding: .75rem 0; border-bottom: 1px solid #8886; }
a { color: #1558b0; } @media (prefers-color-scheme: dark) { a { color: #8ab4f8; } }
label { display: block; font-weight: 600; margin-top: 1rem; }
input, select, textarea, button { font: inherit; max-width: 100%; box-sizing: border-box; }
input[type=text], input[type=email], select, textarea { width: 100%; padding: .4rem; }
textarea { min-height: 8rem; }
button { margin-top: 1rem; padding: .4rem 1rem; }
.inline { display: inline; } .inline button { margin: 0; }
.hint { color: #666; font-size: .9rem; margin: .2rem 0 0; }
.entry { border: 1px solid #8886; border-radius: .4rem; padding: .5rem .75rem; margin: .75rem 0; }
.entry.reply { border-left: .3rem solid #1558b0; }
.entry header { font-size: .9rem; color: #666; }
.entry .body { white-space: pre-wrap; overflow-wrap: anywhere; }
.notice { border: 1px solid #1558b0; padding: .5rem .75rem; border-radius: .4rem; }
.error { border: 1px solid #b00020; padding: .5rem .75rem; border-radius: .4rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #8884; overflow-wrap: anywhere; }
fieldset { border: 1px solid #8886; margin-top: 1rem; } legend { font-weight: 600; }
.stars label { display: inline-block; margin-right: 1rem; font-weight: normal; }
`;
