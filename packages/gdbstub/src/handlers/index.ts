/** Every packet family's handlers, one capability group per file, merged into one dispatch table. */
import { breakpointHandlers } from './breakpoints.js';
import { detachHandlers } from './detach.js';
import { memoryHandlers } from './memory.js';
import { monitorHandlers } from './monitor.js';
import { nonStopHandlers } from './non-stop.js';
import { qemuSstepHandlers } from './qemu-sstep.js';
import { queryHandlers } from './queries.js';
import { registerHandlers } from './registers.js';
import { resumeHandlers } from './resume.js';
import { threadHandlers } from './threads.js';
import type { HandlerTable } from './context.js';

const GROUPS: readonly HandlerTable[] = [
  registerHandlers, memoryHandlers, breakpointHandlers, resumeHandlers, threadHandlers,
  queryHandlers, detachHandlers, monitorHandlers, qemuSstepHandlers, nonStopHandlers,
];

/** The dispatch table; a command kind served by two groups is a programming error. */
export const HANDLERS: HandlerTable = (() => {
  const table: Record<string, unknown> = {};
  for (const group of GROUPS) {
    for (const [kind, handler] of Object.entries(group)) {
      if (kind in table) throw new Error(`gdbstub: two handlers for '${kind}'`);
      table[kind] = handler;
    }
  }
  return table as HandlerTable;
})();

export type { SessionContext, ConnectionState, ResumeOutcome, HandlerTable, Handler, Reply } from './context.js';
export { vcontActions } from './resume.js';
export { xferWindow } from './queries.js';
export { MAX_READ } from './memory.js';
