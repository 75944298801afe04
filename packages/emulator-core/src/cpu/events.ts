import type { Cpu } from './cpu.js';
import { W_NIP } from '../state/layout.js';
import { deliverInterrupt, Vector } from './interrupts.js';
import { CTL_REQUESTS, CTL_DOORBELL, CTL_EXTERNAL, REQUEST_STOP, REQUEST_FLUSH_TLB } from './control.js';

/** What `serviceEvents` did. */
export const EventOutcome = { None: 0, Interrupted: 1, Stop: 2 } as const;

/**
 * Handles everything asynchronous, between two instructions (NIP in the register
 * file is the next instruction): requests from other threads (stop, TLB flush),
 * then — in system mode with MSR[EE]=1 — a pending external, decrementer or
 * doorbell interrupt, in that order of priority (Book III 7.5.5, 7.5.11, 7.5.12;
 * SRR0 = the next instruction). External and doorbell are levels: the hypervisor
 * or the guest clears them; the decrementer stays pending while DEC is negative. The run loop
 * calls it every few hundred taken branches and whenever a request word is set.
 */
export function serviceEvents(cpu: Cpu): number {
  const ctl = cpu.controls, base = cpu.controlBase;
  const requests = Atomics.exchange(ctl, base + CTL_REQUESTS, 0);
  if (requests & REQUEST_FLUSH_TLB) cpu.flushTlb();
  if (requests & REQUEST_STOP) {
    // keep the request visible to whoever polls for it after the exit
    Atomics.or(ctl, base + CTL_REQUESTS, REQUEST_STOP);
    return EventOutcome.Stop;
  }
  if (!cpu.systemMode || !cpu.externalEnabled || cpu.asyncInterruptsBlocked) return EventOutcome.None;
  const r = cpu.r;
  if (Atomics.load(ctl, base + CTL_EXTERNAL) !== 0) {
    deliverInterrupt(cpu, Vector.External, r[W_NIP + 1]!, r[W_NIP]!, 0);
    return EventOutcome.Interrupted;
  }
  if (cpu.clock.ticks() >= cpu.decrementerExpiry) {
    deliverInterrupt(cpu, Vector.Decrementer, r[W_NIP + 1]!, r[W_NIP]!, 0);
    return EventOutcome.Interrupted;
  }
  if (Atomics.load(ctl, base + CTL_DOORBELL) !== 0) {
    deliverInterrupt(cpu, Vector.DirectedPrivilegedDoorbell, r[W_NIP + 1]!, r[W_NIP]!, 0);
    return EventOutcome.Interrupted;
  }
  return EventOutcome.None;
}
