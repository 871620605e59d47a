/**
 * The desk names inputs, the caller words them (core/errors.ts `named`, `says`): the command line
 * says flags exactly as before, byte for byte (the expected stderr below was taken from the binary
 * before the desk stopped writing flags), while the HTTP API names JSON fields and the menu says
 * words. Every refusal here is one whose text the desk used to phrase with a flag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const NOW = { HELPDESK_NOW: '2026-03-02T09:00:00Z' };

beforeAll(async () => {
  s = sandbox();
  for (const args of [
    ['init', '--sample', 'lab'],
    ['--as', 'admin', 'sla', 'add', 'Flat', '--hours', '8'],
    ['--as', 'admin', 'schedule', 'add', 'Office', '--hours', 'mon-fri 08:00-17:00'],
    ['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Printer', '--body', 'Jams.'],
  ]) {
    const r = await s.run(args, { env: NOW });
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  }
});
afterAll(async () => s.cleanup());

const CASES: Array<[string[], number, (db: string) => string]> = [
  [["--as", "admin", "user", "edit", "ken@example.com"], 2, () => "helpdesk: nothing to change\nhint: pass --name <n> or --email <new address>\n"],
  [["--as", "admin", "topic", "edit", "Printing"], 2, () => "helpdesk: nothing to change\nhint: pass --name, --dept, --priority or --sla\n"],
  [["--as", "admin", "dept", "edit", "Support"], 2, () => "helpdesk: nothing to change\nhint: pass --name <new name>, --sla <plan>, --no-sla or --auto-assign <rule>\n"],
  [["--as", "admin", "dept", "edit", "Support", "--team", "Level 1"], 2, () => "helpdesk: --team goes with --auto-assign\nhint: helpdesk dept edit <d> --auto-assign round-robin --team <t>\n"],
  [["--as", "admin", "agent", "access", "john", "--dept", "SysAdmins"], 2, () => "helpdesk: pass either --role <role> or --remove\nhint: e.g. helpdesk agent access john --dept SysAdmins --role \"View Only\"\n"],
  [["--as", "admin", "agent", "edit", "john"], 2, () => "helpdesk: nothing to change\nhint: pass --name, --email, --dept, --role, --admin or --no-admin\n"],
  [["--as", "admin", "agent", "add", "bob", "--name", " "], 2, () => "helpdesk: the agent name is empty\nhint: pass --name \"…\"\n"],
  [["--as", "admin", "canned", "add", 'T'.repeat(201), "--body", "x"], 2, () => "helpdesk: the title is longer than 200 characters\nhint: put the details in --body\n"],
  [["--as", "john", "mail", "inbound"], 2, () => "helpdesk: pass --ticket <n>\nhint: only admins list every ingested message\n"],
  [["--as", "admin", "status", "add", "Later"], 2, () => "helpdesk: missing --state\nhint: pass --state open or --state closed\n"],
  [["--as", "admin", "status", "add", "Later", "--state", "closed", "--pause"], 2, () => "helpdesk: --pause goes with --state open\nhint: a closed ticket has no running clock to pause\n"],
  [["--as", "ken@example.com", "ticket", "reply", "100001", "--body", "x", "--status", "resolved"], 4, () => "helpdesk: access denied: only agents may use --status\n"],
  [["--as", "ken@example.com", "ticket", "reply", "100001", "--body", "x", "--time", "5"], 4, () => "helpdesk: access denied: only agents log time (--time)\n"],
  [["--as", "ken@example.com", "ticket", "create", "--subject", "s", "--body", "b", "--dept", "Support"], 4, () => "helpdesk: access denied: only agents may use --dept\n"],
  [["--as", "ken@example.com", "ticket", "create", "--subject", "s", "--body", "b", "--user", "other@example.com"], 4, () => "helpdesk: access denied: end users open tickets only for themselves\nhint: leave out --user\n"],
  [["--as", "john", "ticket", "create", "--subject", "s", "--body", "b"], 2, () => "helpdesk: missing --user: whose problem is it?\nhint: pass --user <email> (an unknown email creates the end user; name it with --name)\n"],
  [["--as", "john", "ticket", "assign", "100001"], 2, () => "helpdesk: nothing to assign\nhint: pass --to <username>, --me, --team <team> or --release\n"],
  [["--as", "john", "ticket", "assign", "100001", "--to", "jane", "--me"], 2, () => "helpdesk: choose one of --to, --me and --release\n"],
  [["--as", "john", "ticket", "status", "100001", "open", "--children"], 2, () => "helpdesk: --children goes with a closed-state status such as resolved or closed\n"],
  [["--as", "john", "ticket", "status", "100001", "resolved", "--note", " "], 2, () => "helpdesk: the body is empty\nhint: pass --note \"…\" or --body-file <path|->\n"],
  [["--as", "john", "ticket", "edit", "100001"], 2, () => "helpdesk: nothing to edit\nhint: pass --subject, --priority, --topic, --parent <n> or --no-parent\n"],
  [["--as", "john", "ticket", "note", "100001", "--body", " "], 2, () => "helpdesk: the body is empty\nhint: pass --body \"…\" or --body-file <path|->\n"],
  [["--as", "admin", "sla", "edit", "Flat"], 2, () => "helpdesk: nothing to edit\nhint: pass --hours, --first-response, --schedule, --pause-awaiting or --no-pause-awaiting\n"],
  [["--as", "admin", "sla", "edit", "Flat", "--hours", "abc"], 2, () => "helpdesk: --hours 'abc' is not a number of hours\nhint: example: --hours 8 (hours; fractions allowed: --hours 0.5 is 30 minutes)\n"],
  [["--as", "admin", "sla", "add", "Quick", "--hours", "1", "--first-response", "2"], 2, () => "helpdesk: --first-response is longer than the resolution target (--hours)\nhint: a first reply comes before the resolution, e.g. --hours 8 --first-response 1\n"],
  [["--as", "admin", "sla", "add", "Quick", "--hours", "0"], 2, () => "helpdesk: --hours must be more than 0 hours, got '0'\nhint: example: --hours 8 (hours; fractions allowed: --hours 0.5 is 30 minutes)\n"],
  [["--as", "admin", "sla", "edit", "Flat", "--first-response", "9"], 2, () => "helpdesk: --first-response is longer than the resolution target (--hours)\nhint: a first reply comes before the resolution, e.g. --hours 8 --first-response 1\n"],
  [["--as", "admin", "schedule", "edit", "Office"], 2, () => "helpdesk: nothing to edit\nhint: pass --hours or --timezone\n"],
  [["--as", "john", "dept", "edit", "Support", "--name", "X"], 4, () => "helpdesk: access denied: only admins may edit departments\nhint: ask an admin, or act as one with --as <admin>\n"],
  [["init"], 5, (db) => "helpdesk: the database @DB@ already holds an organisation\nhint: pass --force to start it over (everything in it is lost)\n".replace('@DB@', db)],
  [["--as", "admin", "webhook", "add", "https://u:p@hooks.example.com/x", "--events", "ticket.created"], 2, () => "helpdesk: a webhook URL carries no user or password\nhint: receivers check the X-Helpdesk-Signature instead (--secret)\n"],
  [["--as", "admin", "token", "create", "--name", " "], 2, () => "helpdesk: --name must be 1–100 characters\n"],
];

describe('the command line words the inputs the desk names as flags, as it always did', () => {
  it.each(CASES)('%j → exit %i', async (args, code, stderr) => {
    const before = dbDigest(s.db);
    const r = await s.run(args, { env: NOW });
    expect(r).toEqual({ code, stdout: '', stderr: stderr(s.db) });
    expect(dbDigest(s.db)).toBe(before);
  });
});
