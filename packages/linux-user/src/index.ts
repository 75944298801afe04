/**
 * @hvstep/linux-user: runs ppc64 Linux programs on the emulator core, like
 * qemu-ppc64le / qemu-ppc64 in user mode. Load an ELF and its interpreter from the
 * sysroot (elf/, loader.ts, process.ts), build the initial stack (stack.ts), run the
 * vCPU and serve its system calls (syscalls/) on the host's files (host-files.ts).
 */
export { LoadError } from './errors.js';
export {
  parseElf, ElfError, type ElfFile, type ProgramHeader,
  EM_PPC64, ET_EXEC, ET_DYN, PT_LOAD, PT_INTERP, PT_PHDR, PF_R, PF_W, PF_X,
} from './elf/parse.js';
export { AddressSpace, defaultLayout, type AddressSpaceLayout } from './address-space.js';
export { GuestAccess, StructWriter } from './guest-access.js';
export { loadElf, type LoadedImage, PIE_BASE } from './loader.js';
export { buildInitialStack, AT, AT_NAMES, type StackSpec, type InitialStack } from './stack.js';
export { computeHwcaps, missingInstructions, HWCAP_PROBES, type Hwcaps } from './hwcap.js';
export { type HostIo, type HostStat, NodeHostIo, BufferHostIo } from './host-io.js';
export { FdTable, type OpenFile } from './fd-table.js';
export { HostFile, prefixed } from './host-files.js';
export { LinuxProcess, readProgram, SIG, DEFAULT_RAM_SIZE, type ProcessOptions } from './process.js';
export { runProcess, runProgram, faultSignal, LIMIT_EXIT_CODE, type RunOptions, type RunResult } from './runner.js';
export { SYSCALLS, dispatchSyscall, setSyscallResult, formatCall, CR0_SO } from './syscalls/dispatch.js';
export { SYSCALL_NAMES } from './syscalls/names.js';
export type { SyscallDef, SyscallHandler, SyscallArgs } from './syscalls/types.js';
export { UserProcessTarget } from './gdb/user-target.js';
