// node --import ./peak-rss.mjs …: writes the process's peak resident memory (KiB) to the file named
// by HELPDESK_BENCH_RSS when it exits (the export benchmark's memory figure).
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.HELPDESK_BENCH_RSS) writeFileSync(process.env.HELPDESK_BENCH_RSS, String(process.resourceUsage().maxRSS));
});
