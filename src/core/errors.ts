/**
 * Domain errors. Every error a user can cause is a HelpdeskError with the exit code the contract gives
 * it and, where it helps, a hint line (valid values, "did you mean", the command to run next).
 * Anything that is not a HelpdeskError is a bug and exits 1.
 */
export class HelpdeskError extends Error {
  readonly code: number;
  readonly hint?: string;
  constructor(message: string, code: number, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
  }
}

/** Exit 2: unknown flag, missing value, malformed input. */
export class UsageError extends HelpdeskError {
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
  }
}

/** Exit 3: a ticket, agent, user, department, plan … that does not exist. */
export class NotFoundError extends HelpdeskError {
  constructor(message: string, hint?: string) {
    super(message, 3, hint);
  }
}

/** Exit 4: the acting identity may not do this. */
export class AccessDeniedError extends HelpdeskError {
  constructor(message = 'access denied', hint?: string) {
    super(message, 4, hint);
  }
}

/** Exit 5: the change conflicts with the current state (transition not allowed, duplicate name). */
export class ConflictError extends HelpdeskError {
  constructor(message: string, hint?: string) {
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
