import type { LinuxContext } from '../scenario.js';
import type { GuestImage } from '../../guest-image.js';
import { breakAt, hbreakAt } from '../../gdb-script.js';

/** The step-user program the scenarios break in (guests/linux/step-user.c). */
export const STEP_USER = '/bin/step-user';
/** Its line when every check it makes passed. */
export const STEP_USER_OK = 'fault ok: all ok';

/**
 * GDB commands that let the guest boot and stop once step-user has started (its first
 * system call, sysinfo, is the only one in the initramfs), then arm a hardware
 * breakpoint at `address` in it and run there. Armed from the kernel's entry, the
 * comparator would put every vCPU on the instruction-by-instruction path for the whole boot.
 */
export function stopInStepUser(ctx: LinuxContext, address: bigint): string[] {
  return [breakAt(ctx.kernel.localEntry('sys_sysinfo')), 'continue', 'delete', ...runTo(address)];
}

/**
 * GDB's scheduler-locking for the scenarios that also `continue` in between their steps:
 * `step` holds the other vCPUs for stepi only. With `on`, a continue of one vCPU while
 * the others are held can wait forever in the kernel: a held vCPU may have been
 * stopped inside a spinlock's critical section that the running one then needs (seen
 * as a hard lockup in queued_spin_lock_slowpath; any all-stop target that holds vCPUs can do this).
 * A step that runs kernel code to its end has the same hazard even under `step`: scenario
 * 16 steps over `sc` (the whole system call, on hv) with locking off.
 */
export const LOCK_STEPS_ONLY = 'set scheduler-locking step';

/** Once stopped in step-user: run on to `address` in it (a hardware breakpoint, deleted there). */
export const runTo = (address: bigint): string[] => [hbreakAt(address), 'continue', 'delete'];

/** The kernel's Trace interrupt entry with AIL=3 (0xc000000000004d00): where the emulated step plants. */
export const traceHandler = (ctx: LinuxContext): bigint => ctx.kernel.symbol('exc_virt_0x4d00_single_step');

/** The first instruction in [from symbol, to symbol) whose text matches (a GDB-free scan of the file's disassembly). */
export function firstIn(image: GuestImage, from: string, to: string, re: RegExp): bigint {
  return image.find(image.symbol(from), re, image.symbol(to)).address;
}

/** The pid step-user printed (its getpid result), or undefined. */
export function printedPid(console: string): bigint | undefined {
  const m = /step-user: pid (\d+)/.exec(console);
  return m ? BigInt(m[1]!) : undefined;
}
