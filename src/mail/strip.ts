/**
 * What a person wrote in a mailed answer, without the history their mail program quoted below it
 * and without their signature. Pure. The original text is kept elsewhere; when stripping would leave
 * nothing, the whole text is kept.
 */

/** Lines that introduce quoted history ("On Mon, … Karen wrote:", Outlook's header block, …). */
const ATTRIBUTION = [
  /^On\b.{0,400}\bwrote:\s*$/i,
  /^(Le|Am|El|Il|Op|Den|W dniu|Em)\b.{0,400}\b(a écrit|schrieb|escribió|ha scritto|schreef|skrev|napisał|escreveu)\b.{0,40}:\s*$/i,
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\s*-{2,}\s*$/i,
];

const FORWARD = /^(-+\s*Forwarded message\s*-+|Begin forwarded message:|-+\s*Weitergeleitete Nachricht\s*-+)$/i;

const MOBILE_SIGNATURE = /^(Sent from my \S.*|Sent from (Mail|Outlook) for \S.*|Get Outlook for \S.*|Envoyé de mon \S.*|Von meinem \S.* gesendet)$/i;

/** Index of the first line that starts quoted history, or -1. */
function historyStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (ATTRIBUTION.some((re) => re.test(line))) return i;
    // "On Mon, 2 Mar 2026 at 09:00, Karen Jones <karen@example.com>" wrapped onto the next line.
    const joined = `${line} ${(lines[i + 1] ?? '').trim()}`;
    if (/^On\b/i.test(line) && ATTRIBUTION[0]!.test(joined)) return i;
    if (isOutlookHeader(lines, i)) return i;
    // A forwarded message is the content, not history: keep everything from here on.
    if (FORWARD.test(line)) return -1;
  }
  return -1;
}

/** Outlook's "From: … / Sent: … / To: … / Subject: …" block, optionally after a line of underscores. */
function isOutlookHeader(lines: string[], i: number): boolean {
  const at = (k: number) => (lines[k] ?? '').trim();
  const k = /^_{8,}$/.test(at(i)) ? i + 1 : i;
  if (!/^(From|Von|De|Van):\s*\S/i.test(at(k))) return false;
  const next = [at(k + 1), at(k + 2), at(k + 3)];
  return next.some((l) => /^(Sent|Date|Gesendet|Envoyé|Enviado|Verzonden):\s*\S/i.test(l));
}

/** Index where a trailing block of `>` lines (with blank lines) begins, or -1. */
function trailingQuote(lines: string[]): number {
  let start = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (!line.startsWith('>')) break;
    start = i;
  }
  return start;
}

/** Index of the signature delimiter (`-- `) when a short signature follows it, or -1. */
function signatureStart(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^--\s?$/.test(lines[i]!) && lines.length - i <= 15) return i;
  }
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 3); i--) {
    if (MOBILE_SIGNATURE.test(lines[i]!.trim())) return i;
  }
  return -1;
}

const trimEnd = (lines: string[]) => {
  const out = [...lines];
  while (out.length && out[out.length - 1]!.trim() === '') out.pop();
  return out;
};

/** The new text of a mailed message: history and signature removed; the original when that leaves nothing. */
export function stripReply(text: string): string {
  const original = text.replace(/\r\n?/g, '\n');
  let lines = original.split('\n');
  const history = historyStart(lines);
  if (history >= 0) lines = lines.slice(0, history);
  lines = trimEnd(lines);
  const quote = trailingQuote(lines);
  if (quote >= 0) lines = trimEnd(lines.slice(0, quote));
  const signature = signatureStart(lines);
  if (signature >= 0) lines = trimEnd(lines.slice(0, signature));
  while (lines.length && lines[0]!.trim() === '') lines.shift();
  const stripped = lines.join('\n');
  return stripped.trim() === '' ? original.trim() : stripped;
}
