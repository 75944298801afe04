/**
 * @hvstep/gdbstub — GDB remote serial protocol for multi-vCPU guests (threads = vCPUs).
 *
 * Layers: framing.ts (bytes <-> packets), commands/ (packet -> typed Command),
 * handlers/ (one capability group per file), session.ts (the connection's state
 * machine and the resume rendezvous), transport-tcp.ts (the only node:net user).
 * The machine implements `Target`: a required core plus the capability groups it has.
 * Test doubles live in testing/ and are not exported.
 */
export * from './target.js';
export { encodePacket, FrameDecoder, checksum, type FrameEvent } from './framing.js';
export * from './regmap.js';
export * from './spr-registers.js';
export * from './cpu-registers.js';
export { TARGET_XML } from './target-xml.js';
export { PACKET_SIZE, supportedFeatures, vContSupport } from './features.js';
export { parseCommand, parseThreadId, formatThreadId, PID } from './commands/index.js';
export type { Command, ThreadId, VContAction, IdPart, BreakpointType } from './commands/index.js';
export { Session, type SessionState, type SessionOptions } from './session.js';
export { GdbTcpServer, DEFAULT_POLL_MICROS, type GdbTcpServerOptions } from './transport-tcp.js';
export type { PollStats } from './socket-poll.js';
