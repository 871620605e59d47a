// node --require ./builtins-hook.cjs: at exit, writes the Node built-in modules this process loaded
// beyond a bare `node` start to the file named by HELPDESK_TRACE_BUILTINS (cold-start test).
const before = new Set(process.moduleLoadList);
process.on('exit', () => {
  if (!process.env.HELPDESK_TRACE_BUILTINS) return;
  const loaded = process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice(13));
  require('node:fs').writeFileSync(process.env.HELPDESK_TRACE_BUILTINS, loaded.join('\n'));
});
