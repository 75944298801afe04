/** Comparator slots come from the hypervisor's capabilities, not from a literal. */
import { describe, it, expect } from '@jest/globals';
import { KVM_CAP_GUEST_DEBUG_HW_BPS, KVM_CAP_GUEST_DEBUG_HW_WPS, KVMPPC_DEBUG_BREAKPOINT, KVMPPC_DEBUG_WATCH_ACCESS, KVMPPC_DEBUG_WATCH_READ, Vm } from '@hvstep/hypervisor';
import { HardwareComparators } from './comparators.js';

const caps = (bps: number, wps: number) => ({
  checkExtension: (cap: number) => (cap === KVM_CAP_GUEST_DEBUG_HW_BPS ? bps : cap === KVM_CAP_GUEST_DEBUG_HW_WPS ? wps : 0),
});

describe('HardwareComparators', () => {
  it('takes its slot counts from KVM_CAP_GUEST_DEBUG_HW_BPS / _HW_WPS', () => {
    const vm = new Vm({ memoryBytes: 1 << 20 });
    const c = new HardwareComparators(vm, () => undefined);
    expect(c.breakpointSlots).toBe(vm.checkExtension(KVM_CAP_GUEST_DEBUG_HW_BPS));
    expect(c.watchpointSlots).toBe(vm.checkExtension(KVM_CAP_GUEST_DEBUG_HW_WPS));
  });

  it('refuses past the slots of each kind, independently', () => {
    let changes = 0;
    const c = new HardwareComparators(caps(2, 1), () => changes++);
    expect(c.insertBreakpoint(0x100n)).toBe(true);
    expect(c.insertBreakpoint(0x200n)).toBe(true);
    expect(c.insertBreakpoint(0x300n)).toBe(false);
    expect(c.insertWatchpoint('read', 0x1000n)).toBe(true);
    expect(c.insertWatchpoint('access', 0x2000n)).toBe(false);
    expect(c.list.map((e) => e.type)).toEqual([KVMPPC_DEBUG_BREAKPOINT, KVMPPC_DEBUG_BREAKPOINT, KVMPPC_DEBUG_WATCH_READ]);
    expect(c.removeWatchpoint('write', 0x1000n)).toBe(false); // a different kind
    expect(c.removeWatchpoint('read', 0x1000n)).toBe(true);
    expect(c.insertWatchpoint('access', 0x2000n)).toBe(true);
    expect(c.list.at(-1)).toEqual({ addr: 0x2000n, type: KVMPPC_DEBUG_WATCH_ACCESS });
    expect(changes).toBe(5);
    c.clear();
    expect(c.size).toBe(0);
  });

  it('a hypervisor without comparators gets none', () => {
    const c = new HardwareComparators(caps(0, 0), () => undefined);
    expect(c.insertBreakpoint(0x100n)).toBe(false);
    expect(c.insertWatchpoint('write', 0x100n)).toBe(false);
  });
});
