import { W_GPR, LPCR_AIL_MASK, LPCR_ILE, LPCR_UPRT, LPCR_HR, LPCR_GTSE, CONTROL_WORDS_PER_VCPU, CTL_REQUESTS, REQUEST_INTERRUPT_CHECK, MSR_EE, W_MSR, type Cpu } from '@hvstep/emulator-core';
import { randomBytes } from 'node:crypto';
import type { PartitionState } from '../partition.js';
import { CTL_PROD } from '../shared.js';
import {
  H_SUCCESS, H_PARAMETER, H_P2, H_P3, H_P4, H_UNSUPPORTED_FLAG, H_CEDE, H_PROD, H_SET_MODE, H_REGISTER_PROC_TBL, H_RANDOM,
  H_SET_MODE_RESOURCE_ADDR_TRANS_MODE, H_SET_MODE_RESOURCE_LE, PROC_TABLE_OP_MASK, PROC_TABLE_DEREG, PROC_TABLE_NEW,
  PROC_TABLE_TYPE_MASK, PROC_TABLE_RADIX, PROC_TABLE_GTSE,
} from '../kvm/constants.js';

/** What an in-kernel hypercall did. */
export const HcallOutcome = {
  /** Not handled here: exit to userspace (KVM_EXIT_PAPR_HCALL). */
  Userspace: 0,
  /** Done: r3 holds the return code, resume the guest. */
  Done: 1,
  /** H_CEDE: the vCPU idles until an interrupt or H_PROD wakes it. */
  Cede: 2,
} as const;

export interface HcallContext {
  cpu: Cpu;
  partition: PartitionState;
  controls: Int32Array;
  vcpuCount: number;
}

const arg = (cpu: Cpu, n: number): number => cpu.r[W_GPR + 2 * n]! >>> 0;
const argHi = (cpu: Cpu, n: number): number => cpu.r[W_GPR + 2 * n + 1]! >>> 0;
function ret(cpu: Cpu, code: number): number {
  cpu.r[W_GPR + 6] = code; cpu.r[W_GPR + 7] = code < 0 ? -1 : 0;
  return HcallOutcome.Done;
}

/**
 * The hypercalls KVM-HV answers without leaving the kernel (arch/powerpc/kvm
 * book3s_hv.c kvmppc_pseries_do_hcall and the real-mode handlers), plus the ones
 * the issue asks of this model. Each is documented in docs/hypercalls.md.
 */
export function handleInKernel(ctx: HcallContext): number {
  const { cpu } = ctx;
  const nr = arg(cpu, 3);
  switch (nr) {
    case H_CEDE: return hCede(ctx);
    case H_PROD: return hProd(ctx);
    case H_SET_MODE: return hSetMode(ctx);
    case H_REGISTER_PROC_TBL: return hRegisterProcTbl(ctx);
    case H_RANDOM: return hRandom(ctx);
    default: return HcallOutcome.Userspace;
  }
}

// H_CEDE: enable external interrupts (PAPR: the caller's MSR[EE] is set) and idle
function hCede({ cpu }: HcallContext): number {
  cpu.setMsr(cpu.r[W_MSR + 1]!, cpu.r[W_MSR]! | MSR_EE);
  ret(cpu, H_SUCCESS);
  return HcallOutcome.Cede;
}

// H_PROD(target): wake a ceded vCPU
function hProd({ cpu, controls, vcpuCount }: HcallContext): number {
  const target = arg(cpu, 4);
  if (argHi(cpu, 4) !== 0 || target >= vcpuCount) return ret(cpu, H_PARAMETER);
  const base = target * CONTROL_WORDS_PER_VCPU;
  Atomics.store(controls, base + CTL_PROD, 1);
  Atomics.or(controls, base + CTL_REQUESTS, REQUEST_INTERRUPT_CHECK);
  Atomics.notify(controls, base + CTL_REQUESTS);
  return ret(cpu, H_SUCCESS);
}

// H_SET_MODE(mflags, resource, value1, value2): AIL (resource 3) and interrupt endianness (4), partition-wide
function hSetMode({ cpu, partition }: HcallContext): number {
  const mflags = arg(cpu, 4), resource = arg(cpu, 5);
  if (resource === H_SET_MODE_RESOURCE_ADDR_TRANS_MODE || resource === H_SET_MODE_RESOURCE_LE) {
    if (arg(cpu, 6) !== 0 || argHi(cpu, 6) !== 0) return ret(cpu, H_P3);
    if (arg(cpu, 7) !== 0 || argHi(cpu, 7) !== 0) return ret(cpu, H_P4);
  }
  if (resource === H_SET_MODE_RESOURCE_ADDR_TRANS_MODE) {
    if (mflags !== 0 && mflags !== 2 && mflags !== 3) return ret(cpu, H_UNSUPPORTED_FLAG);
    partition.updateLpcr(LPCR_AIL_MASK, mflags << 23);
    return ret(cpu, H_SUCCESS);
  }
  if (resource === H_SET_MODE_RESOURCE_LE) {
    if (mflags > 1) return ret(cpu, H_UNSUPPORTED_FLAG);
    partition.updateLpcr(LPCR_ILE, mflags ? LPCR_ILE : 0);
    return ret(cpu, H_SUCCESS);
  }
  return ret(cpu, H_P2);
}

// H_REGISTER_PROC_TBL(flags, proc_tbl, page_size, table_size): radix process table
function hRegisterProcTbl({ cpu, partition }: HcallContext): number {
  const flags = arg(cpu, 4);
  const base = argHi(cpu, 5) * 4294967296 + arg(cpu, 5);
  const pats = arg(cpu, 7);
  // Linux hvcall.h / QEMU h_register_process_table: the operation is DEREG or NEW; 0 changes nothing
  const op = flags & PROC_TABLE_OP_MASK;
  if (op === PROC_TABLE_DEREG) {
    partition.clearProcessTable();
    partition.updateLpcr(LPCR_UPRT | LPCR_HR | LPCR_GTSE, 0);
    return ret(cpu, H_SUCCESS);
  }
  if (op === 0) return ret(cpu, H_SUCCESS);
  if (op !== PROC_TABLE_NEW) return ret(cpu, H_PARAMETER);
  if ((flags & PROC_TABLE_TYPE_MASK) !== PROC_TABLE_RADIX) return ret(cpu, H_PARAMETER); // hash page tables are not modelled
  if (pats > 24 || base % 4096 !== 0) return ret(cpu, H_PARAMETER);
  partition.setProcessTable(base, 12 + pats);
  // as QEMU's h_register_process_table: radix sets LPCR[UPRT, HR]; GTSE lets the guest
  // issue tlbie and tlbsync itself (without it they are the hypervisor's: HEAI)
  partition.updateLpcr(LPCR_UPRT | LPCR_HR | LPCR_GTSE, LPCR_UPRT | LPCR_HR | ((flags & PROC_TABLE_GTSE) !== 0 ? LPCR_GTSE : 0));
  return ret(cpu, H_SUCCESS);
}

// H_RANDOM: 64 random bits in r4
function hRandom({ cpu }: HcallContext): number {
  const bytes = randomBytes(8);
  cpu.r[W_GPR + 8] = bytes.readInt32LE(0);
  cpu.r[W_GPR + 9] = bytes.readInt32LE(4);
  return ret(cpu, H_SUCCESS);
}

