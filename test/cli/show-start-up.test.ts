// `ticket show` on a UTC desk with line breaks in its entries loads no Unicode width
// tables and builds no Intl formatter (they were ~140 ms of its cold start); the answers are the same.
import stringWidth from 'string-width';
import { afterEach, describe, expect, it, vi } from 'vitest';

const loaded: string[] = [];
vi.mock('../../src/cli/on-demand.js', async (original) => {
  const real = (await original()) as { requireOnDemand: NodeJS.Require };
  const spy = ((id: string) => {
    loaded.push(id);
    return real.requireOnDemand(id);
  }) as NodeJS.Require;
  return { requireOnDemand: spy };
});

const { displayWidth } = await import('../../src/cli/render/width.js');
const { zonedTime } = await import('../../src/cli/render/time.js');

afterEach(() => vi.restoreAllMocks());

describe('what a ticket show on a UTC desk does not load', () => {
  it('measures ASCII text with line breaks, tabs and other controls without string-width, as string-width does', () => {
    const texts = ['Hello Ivan,\n\nThanks,\nVictor Wright', 'a\tb\r\nc', '\u0000\u0007bell\u007f', '\n', '',
      'Sev-A · was due 2025-03-02 10:14 UTC · missed', 'Counted round the clock: 1h → due Sun', 'Café — naïve “quotes” …', '◀ older · newer ▶'];
    const widths = texts.map((t) => displayWidth(t));
    expect(loaded).toEqual([]);
    expect(widths).toEqual(texts.map((t) => stringWidth(t)));
    // Anything else still goes to string-width (an escape, a CJK letter).
    expect(displayWidth('ab\u001bc')).toBe(stringWidth('ab\u001bc'));
    expect(displayWidth('日本\n')).toBe(4);
    expect(displayWidth('soft\u00adhyphen')).toBe(stringWidth('soft\u00adhyphen'));
    expect(loaded).toEqual(['string-width']);
  });

  it('counts every character it measures itself as string-width does', () => {
    for (const [from, to] of [[0x00, 0x1a], [0x1c, 0x7f], [0xa0, 0xac], [0xae, 0x2ff], [0x2010, 0x2027], [0x2030, 0x205e], [0x2190, 0x21ff], [0x2500, 0x25fc], [0x25ff, 0x25ff]] as const) {
      for (let c = from; c <= to; c++) expect(displayWidth(`x${String.fromCodePoint(c)}y`), c.toString(16)).toBe(stringWidth(`x${String.fromCodePoint(c)}y`));
    }
  });

  it('labels a time on a UTC desk "UTC" without an Intl formatter, as Intl would', () => {
    const made = vi.spyOn(Intl, 'DateTimeFormat');
    const names = ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Zulu', 'Universal'];
    const ours = names.map((z) => zonedTime('2026-03-02T09:15:00.000Z', z));
    expect(made).not.toHaveBeenCalled();
    made.mockRestore();
    expect(ours).toEqual(names.map(() => '2026-03-02 09:15 UTC'));
    for (const z of names) {
      const label = new Intl.DateTimeFormat('en-US', { timeZone: z, timeZoneName: 'short' }).formatToParts(new Date('2026-03-02T09:15:00.000Z'))
        .find((p) => p.type === 'timeZoneName')?.value;
      expect(label).toBe('UTC');
    }
    // Another zone still gets its own name.
    expect(zonedTime('2026-07-01T09:00:00.000Z', 'America/New_York')).toBe('2026-07-01 05:00 EDT');
  });
});
