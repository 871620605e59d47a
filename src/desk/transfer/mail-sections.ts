/**
 * The organisation sections that mail added: canned responses (by title) and the mail
 * templates an admin customised (by name; a template still at its default text is not a record).
 * Like every organisation section they merge by name: what the help desk already has is kept.
 */
import { checkTemplate, TEMPLATE_NAMES, variablesFor, type TemplateName } from '../../core/template.js';
import { Fields, inRecord } from '../../core/records.js';
import type { Section } from './sections.js';

export interface CannedRecord { title: string; body: string; created_at: string; updated_at: string }

/** Titles as `canned add` stores them: spaces collapsed, at most 200 characters. */
const normalTitle = (text: string) => text.trim().replace(/\s+/g, ' ');

export const cannedResponses: Section<CannedRecord> = {
  key: 'canned_responses', what: 'canned response',
  dump: async (tx) => (await tx.mail.cannedList()).map((c) => ({ title: c.title, body: c.body, created_at: c.created_at, updated_at: c.updated_at })),
  parse(raw, where) {
    const f = new Fields(raw, where);
    const title = normalTitle(f.str('title'));
    if (title.length > 200) f.fail('title', 'is longer than 200 characters');
    const body = f.str('body');
    // The same check as `canned add`: a variable the reply could not fill in never gets in.
    inRecord(where, 'body', () => checkTemplate(body, variablesFor('canned')));
    return { title, body, created_at: f.time('created_at'), updated_at: f.time('updated_at') };
  },
  name: (r) => r.title,
  refs: () => [],
  existing: async (tx) => (await tx.mail.cannedList()).map((c) => c.title),
  async load(tx, r) {
    if (await tx.mail.cannedByTitle(r.title)) return false;
    const id = await tx.mail.insertCanned({ title: r.title, body: r.body, at: r.created_at });
    if (r.updated_at !== r.created_at) await tx.mail.updateCanned(id, r.body, r.updated_at);
    return true;
  },
};

export interface TemplateRecord { name: TemplateName; body: string; updated_at: string }

async function overrides(tx: Parameters<Section<TemplateRecord>['dump']>[0]): Promise<TemplateRecord[]> {
  const out: TemplateRecord[] = [];
  for (const name of TEMPLATE_NAMES) {
    const row = await tx.mail.templateOverride(name);
    if (row) out.push({ name, body: row.body, updated_at: row.updated_at });
  }
  return out;
}

export const mailTemplates: Section<TemplateRecord> = {
  key: 'mail_templates', what: 'mail template',
  dump: overrides,
  parse(raw, where) {
    const f = new Fields(raw, where);
    const name = f.oneOf('name', TEMPLATE_NAMES);
    const body = f.str('body');
    inRecord(where, 'body', () => checkTemplate(body, variablesFor(name)));
    return { name, body, updated_at: f.time('updated_at') };
  },
  name: (r) => r.name,
  refs: () => [],
  existing: async (tx) => (await overrides(tx)).map((t) => t.name),
  async load(tx, r) {
    if (await tx.mail.templateOverride(r.name)) return false;
    await tx.mail.setTemplate(r.name, r.body, r.updated_at);
    return true;
  },
};
