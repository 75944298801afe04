import { PROBE_COMMAND } from './probe-target.js';

/**
 * GDB commands that record a probe: what GDB believes (current thread, $pc, $msr,
 * printed on one marked line of the transcript) and what the machine holds (the
 * runner's monitor command snapshots every vCPU). Both are checked.
 */
export function probe(label: string): string[] {
  return [
    `printf "@@probe ${label} thread=%d pc=%#lx msr=%#lx\\n", $_thread, $pc, $msr`,
    `monitor ${PROBE_COMMAND} ${label}`,
  ];
}

/** A breakpoint at an exact address (no prologue analysis: the scenarios mean that instruction). */
export const breakAt = (address: bigint): string => `break *0x${address.toString(16)}`;
export const hbreakAt = (address: bigint): string => `hbreak *0x${address.toString(16)}`;

/** `stepi` then a probe: the usual unit of a scenario (`x/i` shows the next instruction in the transcript). */
export function stepAndProbe(label: string): string[] {
  return ['stepi', ...probe(label), 'x/i $pc'];
}

/** What every session ends with: no breakpoint left, the guest runs on to its power-off. */
export const TRAILER = ['delete', 'detach'];

export interface GdbProbe {
  readonly thread: number;
  readonly pc: bigint;
  readonly msr: bigint;
}

/** The @@probe lines of a transcript, by label. */
export function parseProbes(transcript: string): Map<string, GdbProbe> {
  const probes = new Map<string, GdbProbe>();
  const re = /^@@probe (\S+) thread=(\d+) pc=(0x[0-9a-f]+|0) msr=(0x[0-9a-f]+|0)$/gm;
  for (const m of transcript.matchAll(re)) probes.set(m[1]!, { thread: Number(m[2]), pc: BigInt(m[3]!), msr: BigInt(m[4]!) });
  return probes;
}

/** The last `lines` lines of a transcript, for a failure report. */
export function tail(text: string, lines: number): string {
  const all = text.trimEnd().split('\n');
  return all.slice(Math.max(0, all.length - lines)).join('\n');
}
