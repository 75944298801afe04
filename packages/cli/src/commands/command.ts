/** One `hvstep <name> ...` subcommand: each lives in its own file in commands/. */
export interface Command {
  name: string;
  /** One line for `hvstep --help`. */
  summary: string;
  /** The full `hvstep <name> --help` text. */
  help: string;
  /** Runs the command with the arguments after its name; resolves to the process exit status. */
  run(args: string[]): number | Promise<number>;
}

/** A command-line mistake: printed as one "hvstep: ..." line, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit status for usage errors and programs that cannot be loaded. */
export const EXIT_USAGE = 2;
