import type { CpuState } from '@hvstep/emulator-core';
import { oneRegInfo } from './kvm/one-reg.js';
import { KVMPPC_INST_SW_BREAKPOINT } from './kvm/constants.js';

/**
 * KVM_GET_ONE_REG / KVM_SET_ONE_REG on the shared register file. SPR-backed ids read
 * and write the SPR slot (narrowed to the id's size); KVM_REG_PPC_DEBUG_INST returns
 * the software breakpoint instruction and cannot be written. Unknown ids throw, as
 * the ioctl fails with EINVAL.
 */
export function oneRegRead(state: CpuState, id: bigint): bigint {
  const info = oneRegInfo(id);
  if (!info) throw new RangeError(`one-reg 0x${id.toString(16)} is not supported`);
  if (info.special === 'DEBUG_INST') return BigInt(KVMPPC_INST_SW_BREAKPOINT);
  if (info.spr === undefined) throw new RangeError(`one-reg ${info.name} is not supported`);
  const v = state.spr(info.spr);
  return info.size === 4 ? v & 0xffffffffn : v;
}

export function oneRegWrite(state: CpuState, id: bigint, value: bigint): void {
  const info = oneRegInfo(id);
  if (!info || info.spr === undefined) throw new RangeError(`one-reg 0x${id.toString(16)} cannot be written`);
  state.setSpr(info.spr, info.size === 4 ? value & 0xffffffffn : BigInt.asUintN(64, value));
}
