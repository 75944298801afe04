import { availableParallelism, loadavg } from 'node:os';

/**
 * Waits for `array[index]` to differ from `value` by polling it for up to `spinMicros`.
 * A futex wake-up (Atomics.notify to a thread blocked in Atomics.wait) costs tens of
 * microseconds where the waiter's core has gone idle (a virtual machine's vCPU halts),
 * against about one for a thread that polls. The main thread and a vCPU's worker poll
 * only for the short hand-offs of a debugger's single step, and only while the host has
 * a core to spare (spareCore): on a busy host a polling thread takes the core the other
 * side of the hand-off needs. Returns true when the value changed.
 */
export function spinUntilChanged(array: Int32Array, index: number, value: number, spinMicros: number): boolean {
  if (Atomics.load(array, index) !== value) return true;
  if (!spareCore()) return false;
  const deadline = performance.now() + spinMicros / 1000;
  for (;;) {
    for (let i = 0; i < 256; i++) if (Atomics.load(array, index) !== value) return true;
    if (performance.now() >= deadline) return false;
  }
}

const CORES = availableParallelism();
/** How often the load average is looked at again (ms). */
const LOAD_REFRESH_MS = 1000;
let loadCheckedAt = -Infinity;
let spare = true;

/** True when the host is not oversubscribed: its one-minute load average, which counts this process's own threads, is at most its core count. */
function spareCore(): boolean {
  const now = performance.now();
  if (now - loadCheckedAt >= LOAD_REFRESH_MS) {
    loadCheckedAt = now;
    spare = loadavg()[0]! <= CORES;
  }
  return spare;
}
