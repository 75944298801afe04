import {
  W_GPR, W_NIP, W_MSR, W_CR, W_XER, W_LR, W_CTR, W_FPSCR, F_FPR, PVR_POWER9,
  SPR_SRR0, SPR_SRR1, SPR_DAR, SPR_DSISR, SPR_SPRG0, SPR_SPRG1, SPR_SPRG2, SPR_SPRG3, SPR_PID, SPR_DEC,
  SPR_HSRR0, SPR_HSRR1, SPR_HSPRG0, SPR_HSPRG1, SPR_HDAR, SPR_HDSISR, SPR_CTRL_WRITE, SPR_CFAR, SPR_AMR,
  SPR_DSCR, SPR_PPR, SPR_TAR, SPR_FSCR, SPR_CIABR, SPR_DAWR0, SPR_DAWRX0, SPR_VRSAVE,
} from '@hvstep/emulator-core';
import { REG_VR0, REG_VSCR, REG_VRSAVE, REG_VS0H, REG_SPR0, SPR_REGISTERS, type RegisterInfo } from '@hvstep/gdbstub';
import type { Vcpu, Vm } from '@hvstep/hypervisor';

/**
 * Where each GDB register (the stub's regmap) lives in a stopped vCPU: its value as
 * an unsigned integer of the register's width (ISA bit 0 most significant), read from
 * and written to the shared register file; the time base and LPCR come from the
 * partition. Byte order is registers.ts's job.
 */
export interface RegisterValue {
  read(): bigint;
  /** Absent for read-only registers. */
  write?(value: bigint): void;
}

const M64 = (1n << 64n) - 1n;

function word64(vcpu: Vcpu, word: number): RegisterValue {
  const w = vcpu.state.w;
  return {
    read: () => (BigInt(w[word + 1]! >>> 0) << 32n) | BigInt(w[word]! >>> 0),
    write: (v) => { w[word] = Number(v & 0xffffffffn) | 0; w[word + 1] = Number((v >> 32n) & 0xffffffffn) | 0; },
  };
}

function word32(vcpu: Vcpu, word: number): RegisterValue {
  const w = vcpu.state.w;
  return { read: () => BigInt(w[word]! >>> 0), write: (v) => { w[word] = Number(v & 0xffffffffn) | 0; } };
}

/** An SPR slot, narrowed to its architected width. */
function spr(vcpu: Vcpu, n: number, bits: number): RegisterValue {
  const mask = (1n << BigInt(bits)) - 1n;
  return { read: () => vcpu.getSpr(n) & mask, write: (v) => vcpu.setSpr(n, v & mask) };
}

const readOnly = (read: () => bigint): RegisterValue => ({ read });

/** The register-file slots of hvstep's SPR feature (spr-registers.ts), by name. */
const SPR_SLOTS: Readonly<Record<string, number>> = {
  srr0: SPR_SRR0, srr1: SPR_SRR1, dar: SPR_DAR, dsisr: SPR_DSISR,
  sprg0: SPR_SPRG0, sprg1: SPR_SPRG1, sprg2: SPR_SPRG2, sprg3: SPR_SPRG3, pidr: SPR_PID,
  hsrr0: SPR_HSRR0, hsrr1: SPR_HSRR1, hsprg0: SPR_HSPRG0, hsprg1: SPR_HSPRG1, hdar: SPR_HDAR, hdsisr: SPR_HDSISR,
  // CTRL is read through SPR 136 and kept in the slot of its write number, 152
  ctrl: SPR_CTRL_WRITE, cfar: SPR_CFAR, amr: SPR_AMR, dscr: SPR_DSCR, ppr: SPR_PPR, tar: SPR_TAR,
  fscr: SPR_FSCR, ciabr: SPR_CIABR, dawr0: SPR_DAWR0, dawrx0: SPR_DAWRX0,
};

/** An SPR of hvstep's feature: a register-file slot, or partition and clock state (read-only). */
function sprValue(vm: Vm, vcpu: Vcpu, name: string, bits: number): RegisterValue {
  switch (name) {
    case 'lpcr': return readOnly(() => (BigInt(vm.partition.lpcrHi >>> 0) << 32n) | BigInt(vm.partition.lpcrLo >>> 0));
    case 'tb': return readOnly(() => BigInt(vm.clock.ticks()));
    // the vCPU thread keeps the decrementer as an expiry time: this is the last mtdec
    case 'dec': return readOnly(() => vcpu.getSpr(SPR_DEC) & 0xffffffffn);
    case 'pvr': return readOnly(() => BigInt(PVR_POWER9));
  }
  const slot = SPR_SLOTS[name];
  if (slot === undefined) throw new Error(`SPR register '${name}' has no slot in the register file`);
  return spr(vcpu, slot, bits);
}

/** The value of GDB register `info` in this vCPU. */
export function registerValue(vm: Vm, vcpu: Vcpu, info: RegisterInfo): RegisterValue {
  const n = info.regnum;
  const s = vcpu.state;
  if (n < 32) return word64(vcpu, W_GPR + 2 * n);
  if (n < 64) return word64(vcpu, 2 * (F_FPR + n - 32));
  switch (n) {
    case 64: return word64(vcpu, W_NIP);
    case 65: return word64(vcpu, W_MSR);
    case 66: return word32(vcpu, W_CR);
    case 67: return word64(vcpu, W_LR);
    case 68: return word64(vcpu, W_CTR);
    case 69: return word32(vcpu, W_XER);
    case 70: return word32(vcpu, W_FPSCR);
    case REG_VSCR: return { read: () => BigInt(s.vscr), write: (v) => { s.vscr = Number(v & 0xffffffffn); } };
    case REG_VRSAVE: return spr(vcpu, SPR_VRSAVE, 32);
  }
  if (n >= REG_VR0 && n < REG_VR0 + 32) {
    const vsr = 32 + n - REG_VR0;
    return { read: () => s.vsr(vsr), write: (v) => s.setVsr(vsr, v) };
  }
  if (n >= REG_VS0H && n < REG_VS0H + 32) {
    // doubleword 1 of VSR 0-31; doubleword 0 is the FPR
    const vsr = n - REG_VS0H;
    return { read: () => s.vsr(vsr) & M64, write: (v) => s.setVsr(vsr, (s.vsr(vsr) & (M64 << 64n)) | (v & M64)) };
  }
  const sprInfo = SPR_REGISTERS[n - REG_SPR0];
  if (n >= REG_SPR0 && sprInfo) return sprValue(vm, vcpu, sprInfo.name, sprInfo.bits);
  throw new Error(`register ${info.name} (${n}) has no place in the vCPU`);
}
