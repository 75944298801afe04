/** Error replies shared by the handlers (GDB reads any `Enn` as failure; the numbers follow QEMU's). */
export const E01 = 'E01';
/** EFAULT: memory that does not translate. */
export const EFAULT = 'E0e';
/** EINVAL: QEMU's answer to Qqemu.sstep flags the target does not support. */
export const EINVAL = 'E22';
/** The empty reply: "not supported" (the target lacks the capability). */
export const UNSUPPORTED = '';
