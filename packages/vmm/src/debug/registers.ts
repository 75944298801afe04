import { W_GPR, W_NIP, W_MSR, W_CR, W_XER, W_LR, W_CTR, W_FPSCR, F_FPR, MSR_LE } from '@hvstep/emulator-core';
import { REGISTERS, G_PACKET_SIZE } from '@hvstep/gdbstub';
import type { Vcpu } from '@hvstep/hypervisor';

/**
 * GDB's register view of a vCPU (the gdbstub's regmap: QEMU's PPC64 numbering), in
 * the guest's current byte order (MSR[LE]), read from and written to the shared
 * register file.
 */
function wordIndex(regnum: number): { word: number; size: number } | undefined {
  if (regnum < 32) return { word: W_GPR + 2 * regnum, size: 8 };
  if (regnum < 64) return { word: 2 * (F_FPR + regnum - 32), size: 8 };
  switch (regnum) {
    case 64: return { word: W_NIP, size: 8 };
    case 65: return { word: W_MSR, size: 8 };
    case 66: return { word: W_CR, size: 4 };
    case 67: return { word: W_LR, size: 8 };
    case 68: return { word: W_CTR, size: 8 };
    case 69: return { word: W_XER, size: 4 };
    case 70: return { word: W_FPSCR, size: 4 };
    default: return undefined;
  }
}

const littleEndian = (vcpu: Vcpu): boolean => (vcpu.state.w[W_MSR]! & MSR_LE) !== 0;

export function readRegister(vcpu: Vcpu, regnum: number): Uint8Array | undefined {
  const at = wordIndex(regnum);
  if (!at) return undefined;
  const w = vcpu.state.w, le = littleEndian(vcpu);
  const out = new Uint8Array(at.size);
  const view = new DataView(out.buffer);
  if (at.size === 4) view.setUint32(0, w[at.word]! >>> 0, le);
  else {
    const value = (BigInt(w[at.word + 1]! >>> 0) << 32n) | BigInt(w[at.word]! >>> 0);
    view.setBigUint64(0, value, le);
  }
  return out;
}

export function writeRegister(vcpu: Vcpu, regnum: number, data: Uint8Array): boolean {
  const at = wordIndex(regnum);
  if (!at || data.length !== at.size) return false;
  const le = littleEndian(vcpu);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const w = vcpu.state.w;
  if (at.size === 4) w[at.word] = view.getUint32(0, le) | 0;
  else {
    const v = view.getBigUint64(0, le);
    w[at.word] = Number(v & 0xffffffffn) | 0;
    w[at.word + 1] = Number(v >> 32n) | 0;
  }
  vcpu.markRegistersDirty();
  return true;
}

export function readAllRegisters(vcpu: Vcpu): Uint8Array {
  const out = new Uint8Array(G_PACKET_SIZE);
  let at = 0;
  for (const r of REGISTERS) { out.set(readRegister(vcpu, r.regnum)!, at); at += r.size; }
  return out;
}

export function writeAllRegisters(vcpu: Vcpu, data: Uint8Array): void {
  let at = 0;
  for (const r of REGISTERS) { writeRegister(vcpu, r.regnum, data.subarray(at, at + r.size)); at += r.size; }
}
