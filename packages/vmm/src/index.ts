export { Machine, EXIT_TIMEOUT, EXIT_VM_FAILED, type MachineOptions } from './machine.js';
export { loadSystemImage, ImageError, type LoadedImage } from './loader.js';
export { FdtWriter, type PropertyValue } from './fdt/writer.js';
export { buildMachineTree, type MachineTreeOptions } from './fdt/machine-tree.js';
export { RTAS_TOKENS, type RtasService } from './papr/rtas-tokens.js';
export { callRtas, type RtasPlatform } from './papr/rtas.js';
export { type ConsoleIo } from './papr/console.js';
export { MachineDebugTarget } from './debug/debug-target.js';
export { GuestView } from './debug/guest-view.js';
