import type { Cpu } from '@hvstep/emulator-core';
import * as M from '../mailbox.js';
import type { HypervisorModel } from '../shared.js';
import {
  HW_BREAKPOINTS, HW_WATCHPOINTS, KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_SINGLESTEP, KVM_GUESTDBG_USE_SW_BP, KVM_GUESTDBG_USE_HW_BP, KVM_GUESTDBG_BLOCKIRQ,
  KVMPPC_DEBUG_BREAKPOINT, KVMPPC_DEBUG_WATCH_WRITE, KVMPPC_DEBUG_WATCH_READ,
} from '../kvm/constants.js';

export interface GuestDebugState {
  control: number;
  useSoftwareBreakpoints: boolean;
  singleStep: boolean;
}

/**
 * Applies KVM_SET_GUEST_DEBUG as the two models do. Both: USE_SW_BP makes the
 * debug instruction exit instead of raising a Program interrupt; USE_HW_BP loads
 * the hypervisor-owned comparators (invisible to the guest: they are not its
 * CIABR/DAWR). SINGLESTEP: `pr` steps natively (the trace goes to the hypervisor);
 * `hv` stores the flag and ignores it, as Book3S-HV does — the Trace interrupt
 * belongs to the guest there.
 */
export function applyGuestDebug(cpu: Cpu, mb: Int32Array, state: GuestDebugState, model: HypervisorModel): void {
  const control = mb[M.MB_GUESTDBG_CONTROL]!;
  const enabled = (control & KVM_GUESTDBG_ENABLE) !== 0;
  state.control = control;
  state.useSoftwareBreakpoints = enabled && (control & KVM_GUESTDBG_USE_SW_BP) !== 0;
  state.singleStep = enabled && (control & KVM_GUESTDBG_SINGLESTEP) !== 0;
  cpu.hvSingleStep = model === 'pr' && state.singleStep;
  cpu.asyncInterruptsBlocked = enabled && (control & KVM_GUESTDBG_BLOCKIRQ) !== 0;
  cpu.hvBreakpoints.length = 0;
  cpu.hvWatchpoints.length = 0;
  if (enabled && (control & KVM_GUESTDBG_USE_HW_BP) !== 0) {
    const count = mb[M.MB_BREAKPOINT_COUNT]!;
    for (let i = 0; i < count; i++) {
      const lo = mb[M.MB_BREAKPOINTS + 3 * i]!, hi = mb[M.MB_BREAKPOINTS + 3 * i + 1]!, type = mb[M.MB_BREAKPOINTS + 3 * i + 2]!;
      if (type & KVMPPC_DEBUG_BREAKPOINT) {
        if (cpu.hvBreakpoints.length < HW_BREAKPOINTS) cpu.hvBreakpoints.push({ hi, lo: lo & ~3 });
      } else if (type & (KVMPPC_DEBUG_WATCH_READ | KVMPPC_DEBUG_WATCH_WRITE)) {
        if (cpu.hvWatchpoints.length >= HW_WATCHPOINTS) continue;
        // a watchpoint covers the doubleword holding the address, as DAWR does with MRD=0
        const start = (lo & ~7) >>> 0;
        cpu.hvWatchpoints.push({
          hi, start, end: start + 8,
          access: ((type & KVMPPC_DEBUG_WATCH_READ) ? 1 : 0) | ((type & KVMPPC_DEBUG_WATCH_WRITE) ? 2 : 0),
        });
      }
    }
  }
  cpu.debugFacilitiesChanged();
}
