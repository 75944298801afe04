/**
 * Test helpers for other packages (@hvstep/vmm/testing), kept out of the main index so
 * that the machine's public API carries no test code: DebugDriver steps the bundled
 * guest through MachineDebugTarget without GDB (vmm's own tests and the step benchmark).
 */
export { DebugDriver, KERNEL_ELF, FIRMWARE_ELF, type DriverOptions, type StepState } from './debug-driver.js';
