import {
  type CpuState, PVR_POWER9, SPR_SRR0, SPR_SRR1, SPR_DAR, SPR_DSISR, SPR_SPRG0, SPR_SPRG1, SPR_SPRG2, SPR_SPRG3,
  SPR_PID, SPR_DEC, SPR_LPCR, SPR_TBL_READ, SPR_HSRR0, SPR_HSRR1, SPR_HSPRG0, SPR_HSPRG1, SPR_HDAR, SPR_HDSISR,
  SPR_CTRL_WRITE, SPR_CFAR, SPR_AMR, SPR_DSCR, SPR_PPR, SPR_TAR, SPR_FSCR, SPR_CIABR, SPR_DAWR0, SPR_DAWRX0, SPR_VRSAVE,
} from '@hvstep/emulator-core';
import {
  REG_PC, REG_MSR, REG_CR, REG_LR, REG_CTR, REG_XER, REG_FPSCR, REG_VR0, REG_VSCR, REG_VRSAVE, REG_VS0H, REG_SPR0,
  G_REGISTERS, G_PACKET_SIZE, registerInfo,
} from './regmap.js';
import { SPR_REGISTERS } from './spr-registers.js';

/*
 * The regmap over a POWER register file (emulator-core's CpuState): each register as
 * an unsigned integer of its width (ISA bit 0 most significant), and as bytes in the
 * byte order the target runs in, as QEMU's gdbstubs send them. A 128-bit VR is one
 * 16-byte integer in that order: big-endian puts ISA bit 0 first, little-endian
 * reverses all 16 bytes, so GDB's `uint128` field is the ISA value in both orders and
 * its `v4_int32` elements are memory order (what `stvx` would store). A system
 * guest's vCPU (vmm) and a Linux process (linux-user) share this map and differ only
 * in what their context says.
 */

/** What differs between the targets that show a register file. */
export interface CpuRegisterContext {
  /** A system guest's MSR is the debugger's to write; a Linux process's is the kernel's (ptrace's PT_MSR is read-only). */
  readonly msrWritable: boolean;
  /** Whether the SPR feature's registers marked writable (spr-registers.ts) may be written. */
  readonly sprWritable: boolean;
  /** An SPR the target keeps outside the register file (a partition's LPCR, a clock's time base), or undefined. */
  sprOutside?(name: string): bigint | undefined;
}

/** The register-file slot of each SPR of the feature (pvr is the model's constant). */
const SPR_SLOTS: Readonly<Record<string, number>> = {
  srr0: SPR_SRR0, srr1: SPR_SRR1, dar: SPR_DAR, dsisr: SPR_DSISR,
  sprg0: SPR_SPRG0, sprg1: SPR_SPRG1, sprg2: SPR_SPRG2, sprg3: SPR_SPRG3, pidr: SPR_PID, lpcr: SPR_LPCR, tb: SPR_TBL_READ,
  // the vCPU thread keeps the decrementer as an expiry time: the slot holds the last mtdec
  dec: SPR_DEC,
  hsrr0: SPR_HSRR0, hsrr1: SPR_HSRR1, hsprg0: SPR_HSPRG0, hsprg1: SPR_HSPRG1, hdar: SPR_HDAR, hdsisr: SPR_HDSISR,
  // CTRL is read through SPR 136 and kept in the slot of its write number, 152
  ctrl: SPR_CTRL_WRITE, cfar: SPR_CFAR, amr: SPR_AMR, dscr: SPR_DSCR, ppr: SPR_PPR, tar: SPR_TAR,
  fscr: SPR_FSCR, ciabr: SPR_CIABR, dawr0: SPR_DAWR0, dawrx0: SPR_DAWRX0,
};

const M64 = (1n << 64n) - 1n;
const M32 = 0xffffffffn;

/** The value of register `regnum`, or undefined when the map has no such register. */
export function readCpuRegister(s: CpuState, regnum: number, ctx: CpuRegisterContext): bigint | undefined {
  if (regnum < 0) return undefined;
  if (regnum < 32) return s.gpr(regnum);
  if (regnum < 64) return s.fprBits(regnum - 32);
  switch (regnum) {
    case REG_PC: return s.nip;
    case REG_MSR: return s.msr;
    case REG_CR: return BigInt(s.cr >>> 0);
    case REG_LR: return s.lr;
    case REG_CTR: return s.ctr;
    case REG_XER: return BigInt(s.xer >>> 0);
    // GDB's fpscr is the low word (ISA 3.0's DRN in the high word is not shown)
    case REG_FPSCR: return s.fpscr & M32;
    case REG_VSCR: return BigInt(s.vscr >>> 0);
    case REG_VRSAVE: return s.spr(SPR_VRSAVE) & M32;
  }
  if (regnum >= REG_VR0 && regnum < REG_VR0 + 32) return s.vsr(32 + regnum - REG_VR0);
  // doubleword 1 of VSR 0-31; doubleword 0 is the FPR
  if (regnum >= REG_VS0H && regnum < REG_VS0H + 32) return s.vsr(regnum - REG_VS0H) & M64;
  const spr = SPR_REGISTERS[regnum - REG_SPR0];
  if (regnum < REG_SPR0 || !spr) return undefined;
  const mask = (1n << BigInt(spr.bits)) - 1n;
  if (spr.name === 'pvr') return BigInt(PVR_POWER9);
  const outside = ctx.sprOutside?.(spr.name);
  if (outside !== undefined) return outside & mask;
  const slot = SPR_SLOTS[spr.name];
  if (slot === undefined) throw new Error(`SPR register '${spr.name}' has no slot in the register file`);
  return s.spr(slot) & mask;
}

/** Writes register `regnum`; false for an unknown register or one the context keeps read-only. */
export function writeCpuRegister(s: CpuState, regnum: number, v: bigint, ctx: CpuRegisterContext): boolean {
  if (regnum < 0) return false;
  if (regnum < 32) { s.setGpr(regnum, v); return true; }
  if (regnum < 64) { s.setFprBits(regnum - 32, v); return true; }
  switch (regnum) {
    case REG_PC: s.nip = v; return true;
    case REG_MSR: if (!ctx.msrWritable) return false; s.msr = v; return true;
    case REG_CR: s.cr = Number(v & M32); return true;
    case REG_LR: s.lr = v; return true;
    case REG_CTR: s.ctr = v; return true;
    case REG_XER: s.xer = Number(v & M32); return true;
    // the high word (DRN) stays
    case REG_FPSCR: s.fpscr = (s.fpscr & ~M32) | (v & M32); return true;
    case REG_VSCR: s.vscr = Number(v & M32); return true;
    case REG_VRSAVE: s.setSpr(SPR_VRSAVE, v & M32); return true;
  }
  if (regnum >= REG_VR0 && regnum < REG_VR0 + 32) { s.setVsr(32 + regnum - REG_VR0, v); return true; }
  if (regnum >= REG_VS0H && regnum < REG_VS0H + 32) {
    const n = regnum - REG_VS0H;
    s.setVsr(n, (s.vsr(n) & (M64 << 64n)) | (v & M64));
    return true;
  }
  const spr = SPR_REGISTERS[regnum - REG_SPR0];
  if (regnum < REG_SPR0 || !spr || !spr.writable || !ctx.sprWritable) return false;
  const slot = SPR_SLOTS[spr.name];
  if (slot === undefined) return false;
  s.setSpr(slot, v & ((1n << BigInt(spr.bits)) - 1n));
  return true;
}

/** A register's value as `size` bytes in the target's byte order. */
export function registerToBytes(value: bigint, size: number, le: boolean): Uint8Array {
  const out = new Uint8Array(size);
  if (size <= 8) {
    // two 32-bit halves, not a BigInt per byte: the stop reply's registers come through here on every stop
    const lo = Number(BigInt.asUintN(32, value)), hi = size > 4 ? Number(BigInt.asUintN(32, value >> 32n)) : 0;
    for (let i = 0; i < size; i++) out[le ? i : size - 1 - i] = (i < 4 ? lo >>> (8 * i) : hi >>> (8 * (i - 4))) & 0xff;
    return out;
  }
  for (let i = 0; i < size; i++) out[le ? i : size - 1 - i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** The value of a register sent as bytes in the target's byte order. */
export function registerFromBytes(data: Uint8Array, le: boolean): bigint {
  let v = 0n;
  for (let i = 0; i < data.length; i++) v = (v << 8n) | BigInt(data[le ? data.length - 1 - i : i]!);
  return v;
}

/** `p`: one register as bytes, or undefined for a register the map does not have. */
export function readCpuRegisterBytes(s: CpuState, regnum: number, le: boolean, ctx: CpuRegisterContext): Uint8Array | undefined {
  const info = registerInfo(regnum);
  const v = info ? readCpuRegister(s, regnum, ctx) : undefined;
  return info && v !== undefined ? registerToBytes(v, info.size, le) : undefined;
}

/** `P`: false for an unknown register, a wrong size or a register the context keeps read-only. */
export function writeCpuRegisterBytes(s: CpuState, regnum: number, data: Uint8Array, le: boolean, ctx: CpuRegisterContext): boolean {
  const info = registerInfo(regnum);
  if (!info || data.length !== info.size) return false;
  return writeCpuRegister(s, regnum, registerFromBytes(data, le), ctx);
}

/** The `g` packet: registers 0..70 packed. */
export function readCpuGPacket(s: CpuState, le: boolean, ctx: CpuRegisterContext): Uint8Array {
  const out = new Uint8Array(G_PACKET_SIZE);
  for (const r of G_REGISTERS) out.set(readCpuRegisterBytes(s, r.regnum, le, ctx)!, r.offset);
  return out;
}

/** `G`: every register of the packet the context lets the debugger write, in byte order `le` (the one GDB read them in). */
export function writeCpuGPacket(s: CpuState, data: Uint8Array, le: boolean, ctx: CpuRegisterContext): void {
  for (const r of G_REGISTERS) writeCpuRegister(s, r.regnum, registerFromBytes(data.subarray(r.offset, r.offset + r.size), le), ctx);
}
