// node --require ./cpu.cjs …: writes the CPU time the process used (user + system, in microseconds,
// from its start) to the file named by HELPDESK_BENCH_CPU when it exits (the cold starts' CPU ratio).
// CommonJS, so that `node -e 0` is not made to start the ES module loader for it.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.HELPDESK_BENCH_CPU;
  if (!file) return;
  const { user, system } = process.cpuUsage();
  writeFileSync(file, String(user + system));
});
