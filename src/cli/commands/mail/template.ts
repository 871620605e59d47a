/**
 * `mail template list|show|set|reset`: the plain-text templates of the mail the desk sends.
 */
import { newTable } from '../../render/table.js';
import { Command } from 'commander';
import { templateList, templateReset, templateSet, templateShow } from '../../../desk/api/mail.js';
import { withDesk } from '../../session.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { type MailTemplate } from '../../../desk/mail/templates.js';
import { makeStyle, tsvRow } from '../../render/style.js';
import { confirm, printJson, readBody } from '../shared.js';

export interface TemplateOptions {
  verb: 'list' | 'show' | 'set' | 'reset';
  name?: string;
  body?: string;
  bodyFile?: string;
  globals: Globals;
}

export function newMailTemplateCommand(f: Factory, run = runTemplate): Command {
  const t = new Command('template').description('the templates of mail to end users and agents (admins edit them)');
  t.addCommand(new Command('list').description('the templates and whether they were changed')
    .action((_o: object, cmd: Command) => run(f, { verb: 'list', globals: globalsOf(cmd) })));
  t.addCommand(new Command('show').description('print a template and the variables it may use')
    .argument('<name>', 'reply, autoresponse, resolved or sla-alert')
    .action((name: string, _o: object, cmd: Command) => run(f, { verb: 'show', name, globals: globalsOf(cmd) })));
  t.addCommand(new Command('set').description('replace a template (admins); unknown variables are refused')
    .argument('<name>', 'reply, autoresponse, resolved or sla-alert')
    .option('--body <text>', 'the new text')
    .option('--body-file <path|->', 'read it from a file, or - for standard input')
    .action((name: string, o: { body?: string; bodyFile?: string }, cmd: Command) => run(f, { verb: 'set', name, ...o, globals: globalsOf(cmd) })));
  t.addCommand(new Command('reset').description('back to the default text (admins)')
    .argument('<name>', 'reply, autoresponse, resolved or sla-alert')
    .action((name: string, _o: object, cmd: Command) => run(f, { verb: 'reset', name, globals: globalsOf(cmd) })));
  return t;
}

export async function runTemplate(f: Factory, o: TemplateOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    if (o.verb === 'list') return printList(f, o.globals, await desk.run(templateList, {}));
    const body = o.verb === 'set' ? await readBody(f, o.globals, o, 'Template', desk) : '';
    const t = o.verb === 'show' ? await desk.run(templateShow, { name: o.name! })
      : o.verb === 'set' ? await desk.run(templateSet, { name: o.name!, body }) : await desk.run(templateReset, { name: o.name! });
    if (o.globals.json) return printJson(f, t);
    if (o.verb === 'show') {
      f.io.out(t.body.endsWith('\n') ? t.body : `${t.body}\n`);
      if (f.io.stdoutIsTTY) f.io.err(`Variables: ${t.variables.map((v) => `%{${v}}`).join(' ')}\n`);
    } else if (f.io.stdoutIsTTY) {
      confirm(f, o.globals, `Template ${t.name} ${o.verb === 'set' ? 'saved' : 'is back to the default'}`);
    }
  });
}

function printList(f: Factory, g: Globals, list: MailTemplate[]): void {
  if (g.json) return printJson(f, list);
  if (!f.io.stdoutIsTTY) return f.io.out(list.map((t) => tsvRow([t.name, t.customised ? 'custom' : 'default', t.purpose])).join(''));
  const s = makeStyle(useColor(f, g));
  const table = newTable({ head: ['Template', 'Text', 'Used for'].map((h) => s.bold(h)), style: { head: [], border: [], compact: true } });
  for (const t of list) table.push([t.name, t.customised ? s.yellow('custom') : s.gray('default'), t.purpose]);
  f.io.out(`${table.toString()}\n`);
}
