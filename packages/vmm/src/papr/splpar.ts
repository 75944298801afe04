import {
  type ExitDispatcher, H_REGISTER_VPA, H_CONFER, H_GET_CPU_CHARACTERISTICS, H_SUCCESS, H_PARAMETER, H_HARDWARE, H_RESOURCE,
  H_VPA_FUNC_SHIFT, H_VPA_REG_VPA, H_VPA_REG_DTL, H_VPA_REG_SLB, H_VPA_DEREG_VPA, H_VPA_DEREG_DTL, H_VPA_DEREG_SLB,
  H_CPU_CHAR_BRANCH_HINTS_HONORED, H_CPU_BEHAV_FAVOUR_SECURITY, H_CPU_BEHAV_NO_L1D_FLUSH_ENTRY, H_CPU_BEHAV_NO_L1D_FLUSH_UACCESS,
  H_CPU_BEHAV_NO_STF_BARRIER,
} from '@hvstep/hypervisor';
import type { GuestMemory } from '@hvstep/emulator-core';
import { setHcallResults } from './returns.js';

/** Layout of the virtual processor area (Linux struct lppaca, QEMU spapr_hcall.c). */
const VPA_MIN_SIZE = 640;
const VPA_SIZE_OFFSET = 0x4;
const VPA_SHARED_PROC_OFFSET = 0x9;
const VPA_SHARED_PROC_VAL = 0x2;
/** The VPA must be aligned on a data cache block (the tree's d-cache-block-size). */
const VPA_ALIGN = 128;
const PAGE = 4096;

/** The areas a vCPU registered (0 = none). */
interface VcpuAreas { vpa: number; slbShadow: number; dtl: number }

/**
 * The shared-processor LPAR hypercalls ("hcall-splpar") and
 * H_GET_CPU_CHARACTERISTICS, as QEMU's spapr_hcall.c serves them.
 */
export class SplparServices {
  readonly areas: VcpuAreas[];

  constructor(private readonly memory: GuestMemory, vcpuCount: number) {
    this.areas = Array.from({ length: vcpuCount }, () => ({ vpa: 0, slbShadow: 0, dtl: 0 }));
  }

  register(d: ExitDispatcher): void {
    d.hcall(H_REGISTER_VPA, (exit) => this.registerVpa(exit.args[0]!, exit.args[1]!, exit.args[2]!));
    d.hcall(H_CONFER, (exit) => this.confer(exit.args[0]!));
    d.hcall(H_GET_CPU_CHARACTERISTICS, (_exit, vcpu) => {
      const [characteristics, behaviour] = cpuCharacteristics();
      setHcallResults(vcpu, characteristics, behaviour);
      return H_SUCCESS;
    });
  }

  /** H_REGISTER_VPA(flags, cpu, address): the subfunction is in flags bits 16:18. */
  registerVpa(flags: bigint, cpu: bigint, address: bigint): number {
    if (cpu >= BigInt(this.areas.length)) return H_PARAMETER;
    const areas = this.areas[Number(cpu)]!;
    if ((flags & ~(7n << H_VPA_FUNC_SHIFT)) !== 0n) return H_PARAMETER;
    const fn = Number(flags >> H_VPA_FUNC_SHIFT);
    const fits = (size: number) => address + BigInt(size) <= BigInt(this.memory.size);
    switch (fn) {
      case H_VPA_REG_VPA: {
        if (address === 0n) return H_HARDWARE; // QEMU cannot cope with a VPA at 0 either
        if (address % BigInt(VPA_ALIGN) !== 0n || !fits(VPA_MIN_SIZE)) return H_PARAMETER;
        const a = Number(address);
        const size = this.memory.read16(a + VPA_SIZE_OFFSET, false);
        if (size < VPA_MIN_SIZE || Math.floor(a / PAGE) !== Math.floor((a + size - 1) / PAGE)) return H_PARAMETER;
        areas.vpa = a;
        // like QEMU (and KVM's init_vpa), the partition runs on shared processors
        this.memory.write8(a + VPA_SHARED_PROC_OFFSET, this.memory.read8(a + VPA_SHARED_PROC_OFFSET) | VPA_SHARED_PROC_VAL);
        return H_SUCCESS;
      }
      case H_VPA_DEREG_VPA:
        if (areas.slbShadow !== 0 || areas.dtl !== 0) return H_RESOURCE;
        areas.vpa = 0;
        return H_SUCCESS;
      case H_VPA_REG_SLB:
      case H_VPA_REG_DTL: {
        if (address === 0n) return H_HARDWARE;
        if (!fits(8)) return H_PARAMETER;
        const a = Number(address);
        const size = this.memory.read32(a + 4, false) >>> 0;
        if (fn === H_VPA_REG_SLB && (size < 8 || Math.floor(a / PAGE) !== Math.floor((a + size - 1) / PAGE))) return H_PARAMETER;
        if (fn === H_VPA_REG_DTL && size < 48) return H_PARAMETER;
        if (areas.vpa === 0) return H_RESOURCE;
        if (fn === H_VPA_REG_SLB) areas.slbShadow = a; else areas.dtl = a;
        return H_SUCCESS;
      }
      case H_VPA_DEREG_SLB: areas.slbShadow = 0; return H_SUCCESS;
      case H_VPA_DEREG_DTL: areas.dtl = 0; return H_SUCCESS;
      default: return H_PARAMETER;
    }
  }

  /**
   * H_CONFER(target, dispatch): give the rest of the time slice to `target` (-1: to
   * anyone). Every vCPU has a host thread of its own, so there is nothing to hand
   * over: the checks are QEMU's and the call returns at once. QEMU halts a vCPU that
   * confers to itself until H_PROD; returning at once is a spurious wake-up, which
   * the caller must tolerate (it rechecks its condition).
   */
  confer(target: bigint): number {
    if (BigInt.asIntN(64, target) === -1n) return H_SUCCESS;
    if (target >= BigInt(this.areas.length)) return H_PARAMETER;
    return H_SUCCESS;
  }
}

/**
 * H_GET_CPU_CHARACTERISTICS -> r4, r5: QEMU's answer with every speculation
 * capability "fixed" (cap-cfpc=fixed, cap-sbbc=fixed, cap-ibs=fixed-na): an
 * interpreter does not execute speculatively, so the guest needs no flush, barrier
 * or count-cache mitigation, and says so in its vulnerabilities files.
 */
export function cpuCharacteristics(): [bigint, bigint] {
  return [
    H_CPU_CHAR_BRANCH_HINTS_HONORED,
    H_CPU_BEHAV_FAVOUR_SECURITY | H_CPU_BEHAV_NO_L1D_FLUSH_ENTRY | H_CPU_BEHAV_NO_L1D_FLUSH_UACCESS | H_CPU_BEHAV_NO_STF_BARRIER,
  ];
}
