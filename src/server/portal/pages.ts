/**
 * The portal's pages: server-rendered, no script, one form per action, every control
 * labelled. Each function returns the page's body; html.ts escapes everything people wrote.
 */
import type { TicketObject, TicketSummary } from '../../desk/tickets/view.js';
import type { RatingState } from '../../desk/portal.js';
import { html, type Safe } from './html.js';

const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;
const problem = (error: string | null | undefined) => (error ? html`<p class="error" role="alert">${error}</p>` : '');
const when = (at: string) => html`<time datetime="${at}">${at.slice(0, 16).replace('T', ' ')} UTC</time>`;

export function homePage(signedIn: boolean): Safe {
  return html`<h1>How can we help?</h1>
<ul>
<li><a href="/new">Open a new ticket</a>: tell us what is wrong; we answer by mail and here.</li>
<li>${signedIn ? html`<a href="/tickets">My tickets</a>: read the answers, reply, or close a ticket.` : html`<a href="/check">Check a ticket</a>: we mail you a link to your tickets.`}</li>
</ul>`;
}

export interface NewTicketValues { name?: string; email?: string; topic?: string; subject?: string; message?: string }

export function newTicketPage(csrf: string, topics: readonly string[], limit: string, v: NewTicketValues = {}, error?: string): Safe {
  return html`<h1>Open a new ticket</h1>
${problem(error)}
<form method="post" action="/new" enctype="multipart/form-data">
${csrfField(csrf)}
<label for="name">Your name</label>
<input type="text" id="name" name="name" required autocomplete="name" value="${v.name ?? ''}">
<label for="email">Your email address</label>
<input type="email" id="email" name="email" required autocomplete="email" value="${v.email ?? ''}">
<label for="topic">Help topic</label>
<select id="topic" name="topic">
<option value="">— choose one —</option>
${topics.map((t) => html`<option value="${t}"${t === v.topic ? html` selected` : ''}>${t}</option>`)}
</select>
<label for="subject">Subject</label>
<input type="text" id="subject" name="subject" required maxlength="1000" value="${v.subject ?? ''}">
<label for="message">Message</label>
<textarea id="message" name="message" required aria-describedby="message-hint">${v.message ?? ''}</textarea>
<p class="hint" id="message-hint">What happened, what you expected, and anything you have tried.</p>
<label for="files">Attachments (optional)</label>
<input type="file" id="files" name="files" multiple aria-describedby="files-hint">
<p class="hint" id="files-hint">Up to ${limit} each.</p>
<button type="submit">Open the ticket</button>
</form>`;
}

export function createdPage(number: string): Safe {
  return html`<h1>Ticket #${number} created</h1>
<p class="notice" role="status">Thank you. Your ticket number is <strong>#${number}</strong>. We will answer by mail.</p>
<p>To read the answers here, use <a href="/check">Check a ticket</a> with your email address and this number.</p>`;
}

export function checkPage(csrf: string, error?: string): Safe {
  return html`<h1>Check a ticket</h1>
${problem(error)}
<p>Give the email address you opened the ticket with and its number. We mail you a link to your tickets.</p>
<form method="post" action="/check">
${csrfField(csrf)}
<label for="email">Email address</label>
<input type="email" id="email" name="email" required autocomplete="email">
<label for="number">Ticket number</label>
<input type="text" id="number" name="number" required inputmode="numeric" placeholder="100001">
<button type="submit">Mail me a link</button>
</form>`;
}

export function checkSentPage(): Safe {
  return html`<h1>Check your mail</h1>
<p class="notice" role="status">If that ticket is yours, a link to it is on its way to that address. The link works for 24 hours.</p>`;
}

export function messagePage(title: string, text: string, next?: { href: string; label: string }): Safe {
  return html`<h1>${title}</h1><p>${text}</p>${next ? html`<p><a href="${next.href}">${next.label}</a></p>` : ''}`;
}

export function myTicketsPage(tickets: readonly TicketSummary[]): Safe {
  if (tickets.length === 0) return html`<h1>My tickets</h1><p>You have no tickets. <a href="/new">Open one</a>.</p>`;
  return html`<h1>My tickets</h1>
<table>
<caption class="hint">Newest activity first</caption>
<thead><tr><th scope="col">Number</th><th scope="col">Subject</th><th scope="col">Status</th><th scope="col">Updated</th></tr></thead>
<tbody>
${tickets.map((t) => html`<tr><td><a href="/tickets/${t.number}">#${t.number}</a></td><td>${t.subject}</td><td>${statusName(t.status)}</td><td>${when(t.updated_at)}</td></tr>`)}
</tbody>
</table>`;
}

const NOTICES: Record<string, string> = {
  replied: 'Your message was added.', resolved: 'Marked as resolved. Thank you!', reopened: 'The ticket is open again.', rated: 'Thank you for rating.',
};

export interface TicketPageOptions { csrf: string; me: string; rating: RatingState; notice?: string; error?: string; limit: string }

export function ticketPage(t: TicketObject, o: TicketPageOptions): Safe {
  const open = t.state === 'open';
  const files = t.attachments ?? [];
  return html`<h1>#${t.number} ${t.subject}</h1>
${o.notice && NOTICES[o.notice] ? html`<p class="notice" role="status">${NOTICES[o.notice]}</p>` : ''}
${problem(o.error)}
<p>Status: <strong>${statusName(t.status)}</strong> · opened ${when(t.created_at)}</p>
<section aria-label="Conversation">
${t.thread.filter((e) => e.kind !== 'note').map((e, i) => html`<article class="entry ${e.kind}">
<header>${e.kind === 'reply' ? html`${e.author_name} (help desk)` : e.author === o.me ? 'You' : e.author_name} · ${when(e.created_at)}</header>
<div class="body">${e.body}</div>
${files.filter((a) => a.thread_index === i).map((a) => html`<p>Attachment: <a href="/tickets/${t.number}/files/${a.id}">${a.name}</a> (${Math.ceil(a.size / 1024)} KB)</p>`)}
</article>`)}
</section>
<h2>${open ? 'Reply' : 'Reply (reopens the ticket)'}</h2>
<form method="post" action="/tickets/${t.number}/reply" enctype="multipart/form-data">
${csrfField(o.csrf)}
<label for="message">Your message</label>
<textarea id="message" name="message" required></textarea>
<label for="files">Attachments (optional, up to ${o.limit} each)</label>
<input type="file" id="files" name="files" multiple>
<button type="submit">Send</button>
</form>
<form method="post" action="/tickets/${t.number}/status">
${csrfField(o.csrf)}
<input type="hidden" name="status" value="${open ? 'resolved' : 'open'}">
<button type="submit">${open ? 'This is resolved' : 'Reopen'}</button>
</form>
${ratingSection(`/tickets/${t.number}/rate`, o.csrf, o.rating, null)}`;
}

/** The rating form (1–5 and a comment), the rating given, or nothing. */
export function ratingSection(action: string, csrf: string, r: RatingState, token: string | null): Safe | string {
  if (r.rating) return html`<h2>Your rating</h2><p>${r.rating.rating} out of 5${r.rating.comment ? html` — “${r.rating.comment}”` : ''}</p>`;
  if (!r.can) return '';
  return html`<h2>How did we do?</h2>
<form method="post" action="${action}">
${csrfField(csrf)}
${token ? html`<input type="hidden" name="token" value="${token}">` : ''}
<fieldset class="stars">
<legend>Your rating, from 1 (poor) to 5 (excellent)</legend>
${[1, 2, 3, 4, 5].map((n) => html`<label><input type="radio" name="rating" value="${n}" required> ${n}</label>`)}
</fieldset>
<label for="comment">Comment (optional)</label>
<textarea id="comment" name="comment"></textarea>
<button type="submit">Send rating</button>
</form>`;
}

export function ratePage(number: string, subject: string, csrf: string, r: RatingState, token: string, error?: string): Safe {
  return html`<h1>Rate ticket #${number}</h1>
<p>${subject}</p>
${problem(error)}
${ratingSection('/rate', csrf, r, token) || html`<p>This ticket cannot be rated now.</p>`}`;
}

function statusName(status: string): string {
  return status.split('-').map((w, i) => (i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ');
}
