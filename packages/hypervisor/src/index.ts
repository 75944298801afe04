export { Vm, type VmOptions } from './vm.js';
export { Vcpu, type VcpuRegs } from './vcpu.js';
export { ExitDispatcher, type ExitAction, type ExitHandler, type HcallHandler, type HcallObserver } from './dispatcher.js';
export { type VcpuExit } from './exits.js';
export { PartitionState } from './partition.js';
export { MmioResponse } from './mailbox.js';
export { HW_BREAKPOINTS, HW_WATCHPOINTS, type HypervisorModel } from './shared.js';
export * from './kvm/index.js';
