/**
 * Helpers for tests of this package and of the packages built on it: assemble
 * real Power ISA source with binutils, and build bare-metal guest programs.
 */
export { assemble } from './assemble.js';
export { makeMachine, runToEnd, CODE_BASE, DATA_BASE } from './machine.js';
export { makeSystemMachine, bareMetal, mapKernelLinear, ENTRY, STANDARD_VECTORS } from './system-machine.js';
export { RadixTableBuilder, READ, WRITE, EXEC, PRIV } from '../mmu/radix/test-support.js';
