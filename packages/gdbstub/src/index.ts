/**
 * @hvstep/gdbstub — GDB remote serial protocol for multi-vCPU guests (threads = vCPUs).
 *
 * Layers: framing.ts (bytes <-> packets), commands/ (packet -> typed Command),
 * session.ts (connection state machine + handlers against a Target),
 * transport-tcp.ts (the only node:net user). The machine implements `Target`.
 */
export * from './target.js';
export * from './framing.js';
export * from './regmap.js';
export { TARGET_XML } from './target-xml.js';
export { parseCommand, parseThreadId, formatThreadId, PID } from './commands/index.js';
export type { Command, ThreadId, VContAction, IdPart, BreakpointType } from './commands/index.js';
export { Session, SUPPORTED_FEATURES, PACKET_SIZE, vcontActions, xferWindow, type SessionState, type SessionOptions } from './session.js';
export { GdbTcpServer, type GdbTcpServerOptions } from './transport-tcp.js';
