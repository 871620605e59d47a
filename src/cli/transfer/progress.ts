/**
 * A progress bar on stderr, only when stderr is a terminal: "Exporting [██████░░░░] 60% 6,000/10,000".
 * Redrawn at most ten times a second; erased when done.
 */
import type { IO } from '../io.js';

export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

const WIDTH = 24;
const none: Progress = { update() {}, done() {} };

export function progressBar(io: Pick<IO, 'err' | 'stderrIsTTY'>, label: string, unit = ''): Progress {
  if (!io.stderrIsTTY) return none;
  let last = 0;
  let drawn = false;
  const fmt = (n: number) => n.toLocaleString('en-US');
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(share * WIDTH);
      const counts = unit === 'bytes' ? `${mib(done)}/${mib(total)} MB` : `${fmt(done)}/${fmt(total)}${unit ? ` ${unit}` : ''}`;
      io.err(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${counts}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) io.err('\r\u001b[2K');
      drawn = false;
    },
  };
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
