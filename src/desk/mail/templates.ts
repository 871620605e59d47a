/**
 * The mail templates admins may edit (plain text): reply, autoresponse, resolved, sla-alert. A
 * template's variables are checked when it is saved, so a typo never reaches an end user.
 */
import { UsageError, choicesHint } from '../../core/errors.js';
import { parseBody } from '../../core/lifecycle.js';
import {
  DEFAULT_TEMPLATES, TEMPLATE_NAMES, TEMPLATE_PURPOSE, checkTemplate, variablesFor, type TemplateName,
} from '../../core/template.js';
import { loadActiveActor, requireAdmin, requireAgent } from '../actor.js';
import { iso, type DeskContext } from '../context.js';

export interface MailTemplate {
  name: TemplateName;
  purpose: string;
  /** False while the default text is in force. */
  customised: boolean;
  body: string;
  variables: readonly string[];
  updated_at: string | null;
}

export function parseTemplateName(text: string): TemplateName {
  const name = text.trim().toLowerCase() as TemplateName;
  if (TEMPLATE_NAMES.includes(name)) return name;
  throw new UsageError(`unknown mail template '${text}'`, choicesHint(text, TEMPLATE_NAMES));
}

export async function listTemplates(ctx: DeskContext, who: string): Promise<MailTemplate[]> {
  return ctx.store.read(async (tx) => {
    requireAgent(await loadActiveActor(tx, who), 'read mail templates');
    const out: MailTemplate[] = [];
    for (const name of TEMPLATE_NAMES) {
      const row = await tx.mail.templateOverride(name);
      out.push({
        name, purpose: TEMPLATE_PURPOSE[name], customised: row !== null, body: row?.body ?? DEFAULT_TEMPLATES[name],
        variables: variablesFor(name), updated_at: row?.updated_at ?? null,
      });
    }
    return out;
  });
}

export async function showTemplate(ctx: DeskContext, who: string, name: string): Promise<MailTemplate> {
  const key = parseTemplateName(name);
  return (await listTemplates(ctx, who)).find((t) => t.name === key)!;
}

/** Replaces a template's text (admins); unknown variables are refused. */
export async function setTemplate(ctx: DeskContext, who: string, name: string, body: string): Promise<MailTemplate> {
  const key = parseTemplateName(name);
  const text = parseBody(body);
  checkTemplate(text, variablesFor(key));
  await ctx.store.write(async (tx) => {
    requireAdmin(await loadActiveActor(tx, who), 'edit mail templates');
    await tx.mail.setTemplate(key, text, iso(ctx.now));
  });
  return showTemplate(ctx, who, key);
}

/** Back to the default text (admins). */
export async function resetTemplate(ctx: DeskContext, who: string, name: string): Promise<MailTemplate> {
  const key = parseTemplateName(name);
  await ctx.store.write(async (tx) => {
    requireAdmin(await loadActiveActor(tx, who), 'edit mail templates');
    await tx.mail.deleteTemplate(key);
  });
  return showTemplate(ctx, who, key);
}
