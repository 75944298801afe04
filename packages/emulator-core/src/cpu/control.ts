/**
 * Run control words, one block per vCPU in a SharedArrayBuffer shared by the VM's
 * threads (the hypervisor owns it; a lone Cpu gets a block of its own). The run
 * loop reads the request word at every taken branch, so another thread can stop a
 * vCPU, make it flush its TLB (a tlbie on another vCPU), or make it look for a
 * pending interrupt (a doorbell), within one basic block.
 */
export const CONTROL_WORDS_PER_VCPU = 8;
/** Word 0: request bits, set by any thread with Atomics.or, cleared by the vCPU. */
export const CTL_REQUESTS = 0;
/** Word 1: directed privileged doorbell pending (DPDES), set by msgsndp. */
export const CTL_DOORBELL = 1;
/** Word 2: the external interrupt line (non-zero = asserted), driven by the hypervisor's interrupt controller. */
export const CTL_EXTERNAL = 2;

export const REQUEST_STOP = 1;
export const REQUEST_FLUSH_TLB = 2;
export const REQUEST_INTERRUPT_CHECK = 4;

export function newControlBlock(vcpus = 1): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS_PER_VCPU * vcpus));
}
