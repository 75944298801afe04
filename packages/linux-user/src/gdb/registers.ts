import {
  type CpuState, SPR_SRR0, SPR_SRR1, SPR_DAR, SPR_DSISR, SPR_SPRG0, SPR_SPRG1, SPR_SPRG2, SPR_SPRG3, SPR_PID, SPR_DEC,
  SPR_HSRR0, SPR_HSRR1, SPR_HSPRG0, SPR_HSPRG1, SPR_HDAR, SPR_HDSISR, SPR_CTRL_WRITE, SPR_CFAR, SPR_AMR,
  SPR_DSCR, SPR_PPR, SPR_TAR, SPR_FSCR, SPR_CIABR, SPR_DAWR0, SPR_DAWRX0, SPR_VRSAVE, SPR_LPCR, SPR_TBL_READ, PVR_POWER9,
} from '@hvstep/emulator-core';
import { REG_VR0, REG_VSCR, REG_VRSAVE, REG_VS0H, REG_SPR0, SPR_REGISTERS, G_REGISTERS, G_PACKET_SIZE, registerInfo, REG_MSR } from '@hvstep/gdbstub';

/**
 * GDB's register view (the stub's regmap) of a Linux-user process's vCPU: each
 * register as an unsigned integer of its width (ISA bit 0 most significant), then as
 * bytes in the process's byte order, as qemu-user's gdbstub sends them. A VR is one
 * 16-byte integer in that order, so GDB's `uint128` field is the ISA value and its
 * `v4_int32` elements are what `stvx` would store. The MSR is the kernel's, not the
 * program's: GDB may read it, a write is refused (ptrace's PT_MSR is read-only too,
 * arch/powerpc/kernel/ptrace/ptrace-view.c).
 */
const M64 = (1n << 64n) - 1n;

/** The register-file slot of each SPR of the stub's org.hvstep.power.spr feature. */
const SPR_SLOTS: Readonly<Record<string, number>> = {
  srr0: SPR_SRR0, srr1: SPR_SRR1, dar: SPR_DAR, dsisr: SPR_DSISR,
  sprg0: SPR_SPRG0, sprg1: SPR_SPRG1, sprg2: SPR_SPRG2, sprg3: SPR_SPRG3, pidr: SPR_PID, lpcr: SPR_LPCR, tb: SPR_TBL_READ, dec: SPR_DEC,
  hsrr0: SPR_HSRR0, hsrr1: SPR_HSRR1, hsprg0: SPR_HSPRG0, hsprg1: SPR_HSPRG1, hdar: SPR_HDAR, hdsisr: SPR_HDSISR,
  ctrl: SPR_CTRL_WRITE, cfar: SPR_CFAR, amr: SPR_AMR, dscr: SPR_DSCR, ppr: SPR_PPR, tar: SPR_TAR,
  fscr: SPR_FSCR, ciabr: SPR_CIABR, dawr0: SPR_DAWR0, dawrx0: SPR_DAWRX0,
};

/** The value of register `regnum`, or undefined when the map has no such register. */
export function readValue(s: CpuState, regnum: number): bigint | undefined {
  if (regnum < 0) return undefined;
  if (regnum < 32) return s.gpr(regnum);
  if (regnum < 64) return s.fprBits(regnum - 32);
  switch (regnum) {
    case 64: return s.nip;
    case 65: return s.msr;
    case 66: return BigInt(s.cr);
    case 67: return s.lr;
    case 68: return s.ctr;
    case 69: return BigInt(s.xer);
    case 70: return s.fpscr & 0xffffffffn;
    case REG_VSCR: return BigInt(s.vscr);
    case REG_VRSAVE: return s.spr(SPR_VRSAVE) & 0xffffffffn;
  }
  if (regnum >= REG_VR0 && regnum < REG_VR0 + 32) return s.vsr(32 + regnum - REG_VR0);
  if (regnum >= REG_VS0H && regnum < REG_VS0H + 32) return s.vsr(regnum - REG_VS0H) & M64;
  const spr = SPR_REGISTERS[regnum - REG_SPR0];
  if (regnum >= REG_SPR0 && spr) {
    if (spr.name === 'pvr') return BigInt(PVR_POWER9);
    const slot = SPR_SLOTS[spr.name];
    return slot === undefined ? undefined : s.spr(slot) & ((1n << BigInt(spr.bits)) - 1n);
  }
  return undefined;
}

/** Writes register `regnum`; false for an unknown or read-only one (the MSR, the SPR feature). */
export function writeValue(s: CpuState, regnum: number, v: bigint): boolean {
  if (regnum < 0) return false;
  if (regnum < 32) { s.setGpr(regnum, v); return true; }
  if (regnum < 64) { s.setFprBits(regnum - 32, v); return true; }
  switch (regnum) {
    case 64: s.nip = v; return true;
    case 66: s.cr = Number(v & 0xffffffffn); return true;
    case 67: s.lr = v; return true;
    case 68: s.ctr = v; return true;
    case 69: s.xer = Number(v & 0xffffffffn); return true;
    // GDB's fpscr is the low word; the high word (ISA 3.0's DRN) stays
    case 70: s.fpscr = (s.fpscr & ~0xffffffffn) | (v & 0xffffffffn); return true;
    case REG_VSCR: s.vscr = Number(v & 0xffffffffn); return true;
    case REG_VRSAVE: s.setSpr(SPR_VRSAVE, v & 0xffffffffn); return true;
  }
  if (regnum >= REG_VR0 && regnum < REG_VR0 + 32) { s.setVsr(32 + regnum - REG_VR0, v); return true; }
  if (regnum >= REG_VS0H && regnum < REG_VS0H + 32) {
    const n = regnum - REG_VS0H;
    s.setVsr(n, (s.vsr(n) & (M64 << 64n)) | (v & M64));
    return true;
  }
  return false;
}

function toBytes(value: bigint, size: number, le: boolean): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[le ? i : size - 1 - i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

function fromBytes(data: Uint8Array, le: boolean): bigint {
  let v = 0n;
  for (let i = 0; i < data.length; i++) v = (v << 8n) | BigInt(data[le ? data.length - 1 - i : i]!);
  return v;
}

export function readRegisterBytes(s: CpuState, regnum: number, le: boolean): Uint8Array | undefined {
  const info = registerInfo(regnum);
  const v = info ? readValue(s, regnum) : undefined;
  return info && v !== undefined ? toBytes(v, info.size, le) : undefined;
}

export function writeRegisterBytes(s: CpuState, regnum: number, data: Uint8Array, le: boolean): boolean {
  const info = registerInfo(regnum);
  if (!info || data.length !== info.size) return false;
  return writeValue(s, regnum, fromBytes(data, le));
}

/** The `g` packet: registers 0..70 packed. */
export function readGPacket(s: CpuState, le: boolean): Uint8Array {
  const out = new Uint8Array(G_PACKET_SIZE);
  for (const r of G_REGISTERS) out.set(readRegisterBytes(s, r.regnum, le)!, r.offset);
  return out;
}

/** `G`: every register of the packet except the MSR, which stays the kernel's. */
export function writeGPacket(s: CpuState, data: Uint8Array, le: boolean): void {
  for (const r of G_REGISTERS) {
    if (r.regnum !== REG_MSR) writeValue(s, r.regnum, fromBytes(data.subarray(r.offset, r.offset + r.size), le));
  }
}
