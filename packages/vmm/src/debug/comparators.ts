/**
 * The hypervisor's hardware comparators as GDB uses them: `Z1` hardware breakpoints
 * and `Z2`-`Z4` watchpoints, VM-global (every vCPU gets the same list), limited to the
 * counts the hypervisor reports (KVM_CHECK_EXTENSION KVM_CAP_GUEST_DEBUG_HW_BPS and
 * _HW_WPS, as QEMU's kvm_arch_init reads nb_hw_breakpoint/nb_hw_watchpoint). A
 * hypervisor with none gets no such capability group at all.
 */
import {
  KVM_CAP_GUEST_DEBUG_HW_BPS, KVM_CAP_GUEST_DEBUG_HW_WPS, KVMPPC_DEBUG_BREAKPOINT, KVMPPC_DEBUG_WATCH_READ,
  KVMPPC_DEBUG_WATCH_WRITE, KVMPPC_DEBUG_WATCH_ACCESS, type GuestDebugBreakpoint, type Vm,
} from '@hvstep/hypervisor';
import type { WatchpointKind } from '@hvstep/gdbstub';

export function watchType(kind: WatchpointKind): number {
  if (kind === 'write') return KVMPPC_DEBUG_WATCH_WRITE;
  if (kind === 'read') return KVMPPC_DEBUG_WATCH_READ;
  return KVMPPC_DEBUG_WATCH_ACCESS;
}

export class HardwareComparators {
  private readonly entries: GuestDebugBreakpoint[] = [];
  /** How many hardware breakpoints / watchpoints the hypervisor offers. */
  readonly breakpointSlots: number;
  readonly watchpointSlots: number;

  constructor(vm: Pick<Vm, 'checkExtension'>, private readonly changed: () => void) {
    this.breakpointSlots = vm.checkExtension(KVM_CAP_GUEST_DEBUG_HW_BPS);
    this.watchpointSlots = vm.checkExtension(KVM_CAP_GUEST_DEBUG_HW_WPS);
  }

  /** The list for kvm_guest_debug_arch.bp[]. */
  get list(): readonly GuestDebugBreakpoint[] { return this.entries; }

  get size(): number { return this.entries.length; }

  insertBreakpoint(addr: bigint): boolean { return this.insert(addr, KVMPPC_DEBUG_BREAKPOINT, this.breakpointSlots); }
  removeBreakpoint(addr: bigint): boolean { return this.remove(addr, KVMPPC_DEBUG_BREAKPOINT); }
  insertWatchpoint(kind: WatchpointKind, addr: bigint): boolean { return this.insert(addr, watchType(kind), this.watchpointSlots); }
  removeWatchpoint(kind: WatchpointKind, addr: bigint): boolean { return this.remove(addr, watchType(kind)); }

  clear(): void {
    if (this.entries.length === 0) return;
    this.entries.length = 0;
    this.changed();
  }

  private insert(addr: bigint, type: number, slots: number): boolean {
    const isBreakpoint = type === KVMPPC_DEBUG_BREAKPOINT;
    const used = this.entries.filter((e) => (e.type === KVMPPC_DEBUG_BREAKPOINT) === isBreakpoint).length;
    if (used >= slots) return false;
    this.entries.push({ addr, type });
    this.changed();
    return true;
  }

  private remove(addr: bigint, type: number): boolean {
    const i = this.entries.findIndex((e) => e.addr === addr && e.type === type);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    this.changed();
    return true;
  }
}
