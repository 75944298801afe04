export { COMMANDS, findCommand } from './commands/index.js';
export { type Command, UsageError, EXIT_USAGE } from './commands/command.js';
export { parseOptions, parseCount, parseSize, type OptionSpec } from './options.js';
