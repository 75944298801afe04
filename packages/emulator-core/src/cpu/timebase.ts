/**
 * The guest time base: 512 MHz, as on POWER9 (Book II 5.2, Book III 9.2).
 *
 * It runs from a clock shared by all vCPUs of a VM (one SharedArrayBuffer), the
 * host's wall clock (`performance.timeOrigin + performance.now()`, comparable
 * across worker threads) minus the time the VM spent stopped: `pause()` records
 * when the VM stopped for the debugger and `resume()` adds the stopped interval to
 * the offset. So a guest single-stepped by GDB does not see its decrementer fire
 * after every step, and time-based guest code behaves as if it ran uninterrupted.
 * Reads write the 64-bit value into `hi`/`lo` (no allocation).
 */
export const TIMEBASE_HZ = 512_000_000;
const TICKS_PER_MS = TIMEBASE_HZ / 1000;
const TWO32 = 4294967296;

const now = (): number => performance.timeOrigin + performance.now();

export class GuestClock {
  /** [0] offset in ms subtracted from the host clock, [1] host time when paused (0 = running). */
  readonly cells: Float64Array;
  hi = 0;
  lo = 0;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(16)) {
    this.cells = new Float64Array(buffer);
    if (this.cells[0] === 0) this.cells[0] = now();
  }

  get buffer(): SharedArrayBuffer { return this.cells.buffer as SharedArrayBuffer; }

  /** Guest time in ms since the clock started, frozen while paused. */
  elapsedMs(): number {
    const paused = this.cells[1]!;
    return (paused !== 0 ? paused : now()) - this.cells[0]!;
  }

  /** Time base ticks as a double (exact below 2^53: about 200 days at 512 MHz). */
  ticks(): number {
    return Math.floor(this.elapsedMs() * TICKS_PER_MS);
  }

  /** Updates hi/lo to the current time base. */
  read(): void {
    const t = this.ticks();
    this.hi = Math.floor(t / TWO32) | 0;
    this.lo = t % TWO32 | 0;
  }

  pause(): void { if (this.cells[1] === 0) this.cells[1] = now(); }

  resume(): void {
    const paused = this.cells[1]!;
    if (paused === 0) return;
    this.cells[0] = this.cells[0]! + (now() - paused);
    this.cells[1] = 0;
  }

  get paused(): boolean { return this.cells[1] !== 0; }
}

/** The clock of the Linux-user runner (never paused). */
export const processClock = new GuestClock();
