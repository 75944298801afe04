/**
 * What KVM_SET_GUEST_DEBUG is given for one vCPU, as a pure function of the
 * debugger's state (QEMU's kvm_arch_update_guest_debug, target/ppc/kvm.c, builds the
 * same struct from its breakpoint lists and single-step flag):
 *
 * - USE_SW_BP whenever a debugger word may be met: a client is attached or any word
 *   is planted (a user's or a step's). Another vCPU meeting a step breakpoint must
 *   exit, not take a Program interrupt (spec scenario 24), and a vCPU released alone
 *   keeps it while the next step plants words.
 * - USE_HW_BP with the comparators, listed in kvm_guest_debug_arch.bp[].
 * - SINGLESTEP on a vCPU stepped natively (KVM-PR honours it; KVM-HV ignores it).
 * - BLOCKIRQ on a stepping vCPU under QEMU's SSTEP_NOIRQ.
 */
import {
  encodeGuestDebug, KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_SINGLESTEP, KVM_GUESTDBG_USE_SW_BP, KVM_GUESTDBG_USE_HW_BP,
  KVM_GUESTDBG_BLOCKIRQ, type GuestDebugBreakpoint, type Vcpu,
} from '@hvstep/hypervisor';

export interface GuestDebugInputs {
  /** A client is attached or a debugger word is planted somewhere in guest memory. */
  readonly softwareBreakpoints: boolean;
  /** The hardware breakpoints and watchpoints in force (the same for every vCPU). */
  readonly comparators: readonly GuestDebugBreakpoint[];
  /** This vCPU is stepped with KVM_GUESTDBG_SINGLESTEP. */
  readonly nativeStep: boolean;
  /** This vCPU steps with asynchronous interrupts held off (SSTEP_NOIRQ). */
  readonly blockInterrupts: boolean;
}

/** The `control` word of struct kvm_guest_debug. */
export function guestDebugControl(inputs: GuestDebugInputs): number {
  let control = 0;
  if (inputs.softwareBreakpoints) control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP;
  if (inputs.comparators.length > 0) control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP;
  if (inputs.nativeStep) control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP;
  if (inputs.blockInterrupts) control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_BLOCKIRQ;
  return control;
}

/** The whole struct kvm_guest_debug, byte-exact (hypervisor/src/kvm/guest-debug.ts has the layout). */
export function guestDebugBytes(inputs: GuestDebugInputs): Uint8Array {
  return encodeGuestDebug(guestDebugControl(inputs), inputs.comparators);
}

/**
 * Issues KVM_SET_GUEST_DEBUG per vCPU only when its struct would change: every step
 * comes through here, so it compares a short key and encodes the struct only then.
 */
export class GuestDebugSetter {
  private readonly applied = new Map<number, string>();

  apply(vcpu: Pick<Vcpu, 'index' | 'setGuestDebug'>, inputs: GuestDebugInputs): void {
    const key = `${guestDebugControl(inputs)}:${inputs.comparators.map((c) => `${c.addr}/${c.type}`).join(',')}`;
    if (this.applied.get(vcpu.index) === key) return;
    this.applied.set(vcpu.index, key);
    vcpu.setGuestDebug(guestDebugBytes(inputs));
  }
}
