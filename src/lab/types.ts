/**
 * Training scenarios as data: a briefing, a starting state, and steps each judged from the database
 * (what the ticket and its history show), so any correct path counts — not one command sequence.
 */
import type { Action } from '../core/access.js';
import type { DeskContext } from '../desk/context.js';
import type { TicketObject } from '../desk/tickets/view.js';

/** What a step's check may look at: the scenario's ticket as an admin sees it, and who may do what. */
export interface LabView {
  ticket: TicketObject;
  /** Actions each lab identity may take on the ticket now. */
  abilities: Record<string, Set<Action>>;
}

export interface Step {
  /** What to do, as an instruction: "Raise the SLA to Sev-A". */
  title: string;
  /** Who does it: agent username or end-user email. */
  role: string;
  /** Why, for the briefing and the narrated demo. */
  why: string;
  done(view: LabView): boolean;
  /** The command that does it, without `helpdesk` and `--as`, e.g. `ticket sla 100001 Sev-A`. */
  command(ticket: string): string;
}

export interface Scenario {
  id: string;
  title: string;
  /** Where it comes from, e.g. "walkthrough-1/2". */
  source: string;
  /** Who the trainee starts as. */
  firstRole: string;
  briefing: string;
  /** Builds the starting state in a fresh training organisation; returns the ticket number. */
  setup(ctx: DeskContext): Promise<string>;
  steps: Step[];
  /** Identities whose abilities the checks look at. */
  watch?: string[];
}
