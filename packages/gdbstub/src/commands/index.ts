/** Packet payload (latin1 string) -> typed Command. Never throws. */
import { parseBreakpoints } from './breakpoints.js';
import { parseControl } from './control.js';
import { parseExecution } from './execution.js';
import { parseMemory } from './memory.js';
import { parseNonStop } from './non-stop.js';
import { parseQemu } from './qemu.js';
import { parseQueries } from './queries.js';
import { parseRegisters } from './registers.js';
import { parseThreads } from './threads.js';
import type { Command } from './types.js';

const PARSERS = [parseControl, parseRegisters, parseMemory, parseExecution, parseThreads, parseQemu, parseQueries, parseBreakpoints, parseNonStop];

export function parseCommand(payload: string): Command {
  for (const parse of PARSERS) {
    const cmd = parse(payload);
    if (cmd) return cmd;
  }
  return { kind: 'unknown', packet: payload };
}

export type { Command, ThreadId, VContAction, IdPart, BreakpointType } from './types.js';
export { parseThreadId, formatThreadId, threadMatches, resolveThread, PID } from './thread-id.js';
