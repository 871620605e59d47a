/**
 * Domain errors. Every error a user can cause is a HelpdeskError with the exit code the contract gives
 * it and, where it helps, a hint line (valid values, "did you mean", the command to run next).
 * Anything that is not a HelpdeskError is a bug and exits 1.
 */
/**
 * An input a message names: the field as the desk's use case (and the HTTP API's JSON) calls it,
 * and the flag the command line gives it. The caller says which: the CLI `--first-response`, the
 * API `firstResponse`, the menu "first response".
 */
export class Input {
  constructor(readonly field: string, readonly flag: string) {}
}

/** Names an input in an error; the flag is the field in kebab case unless given (`--no-sla`). */
export function named(field: string, flag = `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`): Input {
  return new Input(field, flag);
}

/** A message whose parts are text (data included) and the inputs it names. */
export class Phrase {
  constructor(readonly parts: ReadonlyArray<string | Input>) {}
  /** The text, each input named as `name` says (asFlag for the command line). */
  say(name: (i: Input) => string): string {
    return this.parts.map((p) => (typeof p === 'string' ? p : name(p))).join('');
  }
}

/** `says\`${named('name')} must be 1–100 characters\``: what people typed stays text, inputs stay inputs. */
export const says = (strings: TemplateStringsArray, ...values: ReadonlyArray<string | number | Input>): Phrase => {
  const parts: Array<string | Input> = [];
  strings.forEach((s, i) => {
    parts.push(s);
    if (i < values.length) parts.push(values[i] instanceof Input ? values[i] : String(values[i]));
  });
  return new Phrase(parts);
};

/** How the command line names an input: its flag. */
export const asFlag = (i: Input): string => i.flag;
/** How the HTTP API names it: the JSON field. */
export const asField = (i: Input): string => i.field;
/** How a person is told in the menu: the field in words ("first response"). */
export const asWords = (i: Input): string => i.field.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

export type Text = string | Phrase;
const phrase = (t: Text): Phrase => (typeof t === 'string' ? new Phrase([t]) : t);

export class HelpdeskError extends Error {
  readonly code: number;
  readonly hint?: string;
  /** The message and hint with the inputs they name; `message` and `hint` are the command line's words. */
  readonly phrased: { message: Phrase; hint?: Phrase };
  constructor(message: Text, code: number, hint?: Text) {
    super(phrase(message).say(asFlag));
    this.name = new.target.name;
    this.code = code;
    this.phrased = { message: phrase(message), ...(hint === undefined ? {} : { hint: phrase(hint) }) };
    this.hint = hint === undefined ? undefined : this.phrased.hint!.say(asFlag);
  }

  /** The message and hint as a caller words its inputs. */
  say(name: (i: Input) => string): { message: string; hint?: string } {
    const hint = this.phrased.hint?.say(name);
    return { message: this.phrased.message.say(name), ...(hint === undefined ? {} : { hint }) };
  }
}

/** Exit 2: unknown flag, missing value, malformed input. */
export class UsageError extends HelpdeskError {
  constructor(message: Text, hint?: Text) {
    super(message, 2, hint);
  }
}

/** Exit 3: a ticket, agent, user, department, plan … that does not exist. */
export class NotFoundError extends HelpdeskError {
  constructor(message: Text, hint?: Text) {
    super(message, 3, hint);
  }
}

/** Exit 4: the acting identity may not do this. */
export class AccessDeniedError extends HelpdeskError {
  constructor(message: Text = 'access denied', hint?: Text) {
    super(message, 4, hint);
  }
}

/** Exit 5: the change conflicts with the current state (transition not allowed, duplicate name). */
export class ConflictError extends HelpdeskError {
  constructor(message: Text, hint?: Text) {
    super(message, 5, hint);
  }
}

/** Exit 130: the person pressed Ctrl-C at a prompt. */
export class CancelError extends HelpdeskError {
  constructor(message = 'cancelled') {
    super(message, 130);
  }
}

/** Exit 1 with a clear message: the database stayed locked past the busy timeout. */
export class BusyError extends HelpdeskError {
  constructor(message = 'database is busy (another helpdesk command holds the lock); try again') {
    super(message, 1);
  }
}

/** Ends the command with an exit code and no message (e.g. `lab check` with steps left: exit 1). */
export class SilentExit extends HelpdeskError {
  constructor(code: number) {
    super('', code);
  }
}

/**
 * The closest candidate to `input` by edit distance, for "did you mean" hints; undefined when nothing is
 * close enough to be a plausible typo.
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  if (needle.trim() === '') return undefined;
  // A unique candidate that starts with what was typed is the likeliest meaning ("banking" → "banking-outage").
  const prefixed = needle.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(needle)) : [];
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(needle, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  const limit = Math.max(2, Math.floor(needle.length / 3));
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

const MAX_CHOICES = 20;

/** A hint listing the valid choices, with a "did you mean" first when one is close. */
export function choicesHint(input: string, choices: readonly string[]): string {
  const guess = didYouMean(input, choices);
  // A desk with thousands of end users must not print them all in one hint line.
  const shown = choices.length > MAX_CHOICES ? [...choices.slice(0, MAX_CHOICES), `… (${choices.length - MAX_CHOICES} more)`] : choices;
  const list = `valid: ${shown.join(', ')}`;
  return guess ? `did you mean '${guess}'? (${list})` : list;
}
