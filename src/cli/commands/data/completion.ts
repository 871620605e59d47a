import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, choicesHint } from '../../../core/errors.js';
import type { Candidate } from '../../../desk/complete.js';
import { dbPathOf, globalsOf, openFreshDesk, type Factory } from '../../factory.js';
import { savedLogin } from '../../logins.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

export function newCompletionCommand(f: Factory): Command {
  return new Command('completion')
    .description('print a shell completion script: commands, flags, ticket numbers, agents, departments, statuses …')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText('after', `
Load it now:              source <(helpdesk completion bash)      (zsh: source <(helpdesk completion zsh))
Load it in every shell:   helpdesk completion bash > ~/.local/share/bash-completion/completions/helpdesk
                          helpdesk completion fish > ~/.config/fish/completions/helpdesk.fish`)
    .action((shell: string) => {
      const name = shell.trim().toLowerCase();
      if (!(SHELLS as readonly string[]).includes(name)) throw new UsageError(`unsupported shell '${shell}'`, choicesHint(shell, SHELLS));
      f.io.out(SCRIPTS[name as Shell]);
    });
}

/**
 * The hidden verb the scripts call: `helpdesk __complete -- <words after helpdesk…> <current word>`.
 * Prints `files` or `words` on the first line, then one candidate per line (value, a tab, a description).
 * Never fails and never creates a database: completion must not get in the way.
 */
export function newCompleteCommand(f: Factory, program: () => Command): Command {
  return new Command('__complete')
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (words: string[], _o: object, cmd: Command) => {
      let out: Candidate[] = [];
      let directive = 'words';
      try {
        const { completeLine, filterCandidates } = await import('../../completion.js');
        const { completionValues } = await import('../../../desk/complete.js');
        const { completion, globals, current } = completeLine(program(), words.length ? words : ['']);
        if (completion.kind === 'files') directive = 'files';
        else if (completion.kind === 'words') out = filterCandidates(completion.values, current);
        else {
          const g = { ...globalsOf(cmd), db: globals.db ?? globalsOf(cmd).db };
          const path = dbPathOf(f, g);
          if (existsSync(path)) {
            const desk = openFreshDesk(f, g, false);
            try {
              const who = globals.as ?? f.env.HELPDESK_AS ?? savedLogin(f.env, resolve(path));
              out = filterCandidates(await completionValues(desk, completion.source, who ?? null), current);
            } finally {
              desk.store.close();
            }
          } else if (completion.without) {
            out = filterCandidates(completion.without, current);
          }
        }
      } catch (err) {
        if (f.env.HELPDESK_DEBUG === '1') f.io.err(`${(err as Error).stack}\n`);
        out = [];
      }
      f.io.out(`${directive}\n${out.map((c) => (c.description ? `${c.value}\t${c.description.replace(/\s+/g, ' ')}` : c.value)).join('\n')}${out.length ? '\n' : ''}`);
    });
}

const BASH = `# helpdesk completion for bash. Load with: source <(helpdesk completion bash)
_helpdesk() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" out directive line
  out=$("\${COMP_WORDS[0]}" __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
  directive=\${out%%$'\\n'*}
  COMPREPLY=()
  if [[ $directive == files ]]; then
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    return 0
  fi
  while IFS= read -r line; do
    [[ -z $line ]] && continue
    line=\${line%%$'\\t'*}
    if [[ $line == *[[:space:]]* ]]; then COMPREPLY+=("$(printf '%q' "$line")"); else COMPREPLY+=("$line"); fi
  done < <(printf '%s\\n' "$out" | tail -n +2)
  return 0
}
complete -F _helpdesk helpdesk
`;

const ZSH = `#compdef helpdesk
# helpdesk completion for zsh. Load with: source <(helpdesk completion zsh)   (after compinit)
_helpdesk() {
  local out line
  local -a lines candidates
  out=$("\${words[1]}" __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
  lines=("\${(@f)out}")
  if [[ \${lines[1]} == files ]]; then _files; return; fi
  for line in "\${(@)lines[2,-1]}"; do
    [[ -z $line ]] && continue
    if [[ $line == *$'\\t'* ]]; then
      candidates+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
    else
      candidates+=("\${line//:/\\\\:}")
    fi
  done
  _describe -t values 'helpdesk' candidates
}
if (( $+functions[compdef] )); then compdef _helpdesk helpdesk; fi
`;

const FISH = `# helpdesk completion for fish. Load with: helpdesk completion fish | source
function __helpdesk_complete
    set -l tokens (commandline -opc)
    set -l out (command $tokens[1] __complete -- $tokens[2..-1] (commandline -ct) 2>/dev/null)
    or return
    if test "$out[1]" = files
        __fish_complete_path (commandline -ct)
        return
    end
    printf '%s\\n' $out[2..-1]
end
complete -c helpdesk -f -a '(__helpdesk_complete)'
`;

const SCRIPTS: Record<Shell, string> = { bash: BASH, zsh: ZSH, fish: FISH };
