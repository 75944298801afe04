import type { Vcpu } from '@hvstep/hypervisor';

/** Puts a hypercall's extra results in r4, r5, ... (PAPR: the return code goes to r3, set by the dispatcher). */
export function setHcallResults(vcpu: Vcpu, ...values: bigint[]): void {
  const regs = vcpu.getRegs();
  values.forEach((v, i) => { regs.gpr[4 + i] = BigInt.asUintN(64, v); });
  vcpu.setRegs({ gpr: regs.gpr });
}
