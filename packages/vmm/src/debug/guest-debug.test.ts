/**
 * The debugger's state -> struct kvm_guest_debug, checked byte by byte against the
 * layout in hypervisor/src/kvm/guest-debug.ts (decodeGuestDebug is the hypervisor's
 * own reader, so what the target sends is what KVM_SET_GUEST_DEBUG accepts).
 */
import { describe, it, expect } from '@jest/globals';
import {
  decodeGuestDebug, GUEST_DEBUG_SIZE, KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_SINGLESTEP, KVM_GUESTDBG_USE_SW_BP,
  KVM_GUESTDBG_USE_HW_BP, KVM_GUESTDBG_BLOCKIRQ, KVMPPC_DEBUG_BREAKPOINT, KVMPPC_DEBUG_WATCH_WRITE, guestDebugBreakpointOffset,
} from '@hvstep/hypervisor';
import { guestDebugBytes, guestDebugControl, type GuestDebugInputs } from './guest-debug.js';

const idle: GuestDebugInputs = { softwareBreakpoints: false, comparators: [], nativeStep: false, blockInterrupts: false };

describe('kvm_guest_debug from the debugger state', () => {
  it('nothing to debug: control 0, an all-zero struct', () => {
    expect(guestDebugControl(idle)).toBe(0);
    const bytes = guestDebugBytes(idle);
    expect(bytes.length).toBe(GUEST_DEBUG_SIZE);
    expect(bytes.every((b) => b === 0)).toBe(true);
  });

  it('each input sets its bit, always with ENABLE', () => {
    expect(guestDebugControl({ ...idle, softwareBreakpoints: true })).toBe(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP);
    expect(guestDebugControl({ ...idle, nativeStep: true })).toBe(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP);
    expect(guestDebugControl({ ...idle, blockInterrupts: true })).toBe(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_BLOCKIRQ);
    expect(guestDebugControl({ ...idle, comparators: [{ addr: 0x10n, type: KVMPPC_DEBUG_BREAKPOINT }] }))
      .toBe(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP);
  });

  it('a native step with NOIRQ, software breakpoints and two comparators: control and bp[] as KVM reads them', () => {
    const inputs: GuestDebugInputs = {
      softwareBreakpoints: true, nativeStep: true, blockInterrupts: true,
      comparators: [{ addr: 0xc000000000001234n, type: KVMPPC_DEBUG_BREAKPOINT }, { addr: 0xc00000000008a000n, type: KVMPPC_DEBUG_WATCH_WRITE }],
    };
    const bytes = guestDebugBytes(inputs);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getUint32(0, true)).toBe(0x00130003); // ENABLE | SINGLESTEP | USE_SW_BP | USE_HW_BP | BLOCKIRQ
    expect(view.getBigUint64(guestDebugBreakpointOffset(1), true)).toBe(0xc00000000008a000n);
    expect(view.getUint32(guestDebugBreakpointOffset(1) + 8, true)).toBe(KVMPPC_DEBUG_WATCH_WRITE);
    expect(decodeGuestDebug(bytes)).toEqual({ control: guestDebugControl(inputs), breakpoints: inputs.comparators });
  });

  it('a vCPU that is not stepping gets neither SINGLESTEP nor BLOCKIRQ', () => {
    const control = guestDebugControl({ ...idle, softwareBreakpoints: true });
    expect(control & (KVM_GUESTDBG_SINGLESTEP | KVM_GUESTDBG_BLOCKIRQ)).toBe(0);
  });
});
