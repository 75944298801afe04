import { W_MSR, MSR_LE } from '@hvstep/emulator-core';
import { G_REGISTERS, G_PACKET_SIZE, registerInfo } from '@hvstep/gdbstub';
import type { Vcpu, Vm } from '@hvstep/hypervisor';
import { registerValue } from './register-values.js';

/**
 * GDB's register view of a vCPU (the gdbstub's regmap) as bytes: each register's
 * value (register-values.ts) in the guest's current byte order (MSR[LE]), as QEMU's
 * gdbstub sends it. A 128-bit VR is one 16-byte integer in that order: big-endian
 * puts ISA bit 0 first, little-endian reverses all 16 bytes, so GDB's `uint128` field
 * is the ISA value in both orders and its `v4_int32` elements are memory order (what
 * `stvx` would store), as QEMU shows them.
 */
const littleEndian = (vcpu: Vcpu): boolean => (vcpu.state.w[W_MSR]! & MSR_LE) !== 0;

function toBytes(value: bigint, size: number, le: boolean): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const byte = Number((value >> BigInt(8 * i)) & 0xffn);
    out[le ? i : size - 1 - i] = byte;
  }
  return out;
}

function fromBytes(data: Uint8Array, le: boolean): bigint {
  let v = 0n;
  for (let i = 0; i < data.length; i++) v = (v << 8n) | BigInt(data[le ? data.length - 1 - i : i]!);
  return v;
}

export function readRegister(vm: Vm, vcpu: Vcpu, regnum: number): Uint8Array | undefined {
  const info = registerInfo(regnum);
  if (!info) return undefined;
  return toBytes(registerValue(vm, vcpu, info).read(), info.size, littleEndian(vcpu));
}

/** False for an unknown register, a wrong size or a read-only register. */
export function writeRegister(vm: Vm, vcpu: Vcpu, regnum: number, data: Uint8Array): boolean {
  const info = registerInfo(regnum);
  if (!info || data.length !== info.size) return false;
  const value = registerValue(vm, vcpu, info);
  if (!value.write) return false;
  // the byte order of the vCPU before the write (a write of msr may change it)
  value.write(fromBytes(data, littleEndian(vcpu)));
  vcpu.markRegistersDirty();
  return true;
}

export function readAllRegisters(vm: Vm, vcpu: Vcpu): Uint8Array {
  const out = new Uint8Array(G_PACKET_SIZE);
  for (const r of G_REGISTERS) out.set(readRegister(vm, vcpu, r.regnum)!, r.offset);
  return out;
}

export function writeAllRegisters(vm: Vm, vcpu: Vcpu, data: Uint8Array): void {
  // every register in the byte order the vCPU had when GDB read them
  const le = littleEndian(vcpu);
  for (const r of G_REGISTERS) registerValue(vm, vcpu, r).write?.(fromBytes(data.subarray(r.offset, r.offset + r.size), le));
  vcpu.markRegistersDirty();
}
