/** Everything a vCPU's worker needs, all SharedArrayBuffers plus plain numbers (structured-cloneable). */
export interface VcpuShared {
  index: number;
  vcpuCount: number;
  model: HypervisorModel;
  memory: SharedArrayBuffer;
  registers: SharedArrayBuffer;
  mailbox: SharedArrayBuffer;
  controls: SharedArrayBuffer;
  clock: SharedArrayBuffer;
  partition: SharedArrayBuffer;
}

/**
 * `hv`: Book3S-HV — the Trace interrupt goes to the guest, KVM_GUESTDBG_SINGLESTEP is
 * stored and ignored, KVM_CAP_PPC_GUEST_DEBUG_SSTEP reports 0.
 * `pr`: the hypervisor single-steps natively (it owns MSR[SE], the trace exits to it).
 */
export type HypervisorModel = 'hv' | 'pr';

/** Control word 3 (see emulator-core cpu/control.ts): H_PROD's wake-up flag for H_CEDE. */
export const CTL_PROD = 3;

/** Hardware breakpoints and watchpoints the hypervisor's comparators provide (KVM_CAP_GUEST_DEBUG_HW_BPS/_WPS). */
export const HW_BREAKPOINTS = 4;
export const HW_WATCHPOINTS = 4;
