#!/usr/bin/env node
import * as fs from 'node:fs';
import { COMMANDS, findCommand } from './commands/index.js';
import { UsageError, EXIT_USAGE } from './commands/command.js';

const HELP = `Usage: hvstep <command> [options] [args...]

hvstep: a POWER (ppc64) emulator.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Options:
  -h, --help     show this help ('hvstep <command> --help' for a command's options)

Examples:
  hvstep user ./hello                  run a static ppc64le Linux program
  hvstep user --strace ./hello a b     ... printing its system calls
  hvstep user --stats ./bench 100      ... then instructions, time and MIPS
`;

/** Runs `hvstep <args>` and resolves to the exit status; usage mistakes print one line and give 2. */
export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name === undefined ? EXIT_USAGE : 0;
  }
  try {
    const command = findCommand(name);
    if (!command) {
      throw new UsageError(name.startsWith('-') ? `unknown option '${name}' (see hvstep --help)` : `unknown command '${name}' (see hvstep --help)`);
    }
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      fs.writeSync(2, `hvstep: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
  // an emulator bug, not a guest problem: one line, the stack only when asked for
  const detail = e instanceof Error ? (process.env.HVSTEP_DEBUG ? (e.stack ?? e.message) : e.message) : String(e);
  fs.writeSync(2, `hvstep: internal error: ${detail}\n`);
  process.exitCode = 70;
});
