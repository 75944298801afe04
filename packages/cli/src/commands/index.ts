import type { Command } from './command.js';
import { userCommand } from './user.js';
import { runCommand } from './run.js';

/** Every `hvstep` subcommand; a new command is a new file in commands/ plus a line here. */
export const COMMANDS: readonly Command[] = [runCommand, userCommand];

export const findCommand = (name: string): Command | undefined => COMMANDS.find((c) => c.name === name);
