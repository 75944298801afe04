/**
 * The time base: 512 MHz, as on POWER9 (Book II 5.2). For the user runner it
 * counts from process start on the host's monotonic clock. Reads go through the
 * shared `timebase` scratch so that no object is allocated per mftb.
 */
const TICKS_PER_MS = 512_000;
const TWO32 = 4294967296;
const start = performance.now();

export const timebase = {
  hi: 0,
  lo: 0,
  /** Updates hi/lo to the current time base value. */
  read(): void {
    const ticks = Math.floor((performance.now() - start) * TICKS_PER_MS);
    this.hi = Math.floor(ticks / TWO32) | 0;
    this.lo = ticks % TWO32 | 0;
  },
};
