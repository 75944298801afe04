/**
 * gdb-multiarch on Debian's own ppc64el kernel (scripts/linux-guest.sh --debug: the
 * kernel boots from its vmlinux, GDB reads the DWARF of the same build from its -dbg
 * package), on both hypervisor models with 2 and 4 vCPUs: what a kernel developer does
 * first. `break start_kernel`, `next` x20 and `step` into a callee, `bt` and `finish`;
 * 1,000 `stepi` with scheduler-locking on, whose program counters must be the same on
 * hv (the emulated step) as on pr (the native one); `hbreak` and a hardware `watch`
 * on jiffies_64, which the timer interrupt changes; a breakpoint in do_idle, which
 * every vCPU runs, over 100 `continue`s (on hv each one steps off the breakpoint with
 * the emulated step while the other vCPUs run); `info threads`; 1,000 `stepi` with
 * scheduler-locking off while the other vCPUs run; Ctrl-C while the shell waits for
 * input; `detach`, after which the shell still answers and `poweroff -f` ends the
 * machine with status 0 and no breakpoint word left in the kernel. The vCPUs run on
 * `hvstep run`'s engine (DEFAULT_ENGINE), as a user's do.
 */
import { describe, it, expect, jest, beforeAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { DEFAULT_ENGINE } from '@hvstep/emulator-core';
import { DebuggedGuest, GdbMi, GDB_MODELS } from './testing/gdb-session.js';
import { linuxGuestFiles } from './testing/linux-guest.js';
import { readElfSymbols, type ElfSymbol } from './elf-symbols.js';

jest.setTimeout(900_000);

const STEPS = 1000;
const CONTINUES = 100;
/**
 * ptrace-step's steps of its child in the guest, and the host's steps of vCPU 0
 * meanwhile: rounds of BESIDE_ROUND steps, at least BESIDE_ROUNDS_MIN, and on hv more
 * (up to BESIDE_ROUNDS_MAX) until CPU 1 has met the step breakpoint: each host step lets
 * CPU 1 run only for that step's round trip, so on a loaded host a fixed count of steps
 * can miss all of CPU 1's Trace interrupts (300 steps once saw none in CI).
 */
const GUEST_STEPS = 10_000;
const BESIDE_ROUND = 100;
const BESIDE_ROUNDS_MIN = 3;
const BESIDE_ROUNDS_MAX = 15;
/** The word hvstep plants for a software breakpoint (the KVM-PPC debug instruction, little-endian bytes). */
const DEBUG_WORD = [0x00, 0xdd, 0xdd, 0x00];
/** Linux's kernel addresses are its physical ones at 0xc000... (the linear map). */
const physical = (va: bigint): number => Number(va & 0x0fff_ffff_ffff_ffffn);

let kernel = '', initrd = '', debugVmlinux = '';
let symbols = new Map<string, ElfSymbol>();
const symbolAddress = (name: string): bigint => symbols.get(name)!.value;
/** The program counters of the scheduler-locked steps from start_kernel, per vCPU count and model. */
const lockedTraces = new Map<number, Map<string, string[]>>();
const SMP_COUNTS = [2, 4];
const RUNS = SMP_COUNTS.flatMap((smp) => GDB_MODELS.map((accel) => [accel, smp] as const));

beforeAll(() => {
  const files = linuxGuestFiles({ debug: true });
  [kernel, initrd, debugVmlinux] = [files.kernel, files.initrd, files.debugVmlinux!];
  symbols = readElfSymbols(readFileSync(kernel));
});

/** The value of an MI result field (`name="value"`) in a record. */
const field = (record: string, name: string): string | undefined => new RegExp(`${name}="([^"]*)"`).exec(record)?.[1];

/** Runs an execution command and resolves with the `*stopped` record it ends with. */
async function execute(mi: GdbMi, command: string, what = command): Promise<string> {
  const from = mi.lines.length;
  const result = await mi.command(command);
  if (!result.includes('^running')) throw new Error(`${what}: ${result}\n${mi.transcript().slice(-3000)}`);
  return mi.stopped(from);
}

/** `stepi` `count` times; the pc and thread of every stop. */
async function stepTrace(mi: GdbMi, count: number): Promise<{ pc: string; thread: string; reason: string }[]> {
  const trace = [];
  for (let i = 0; i < count; i++) {
    const stop = await execute(mi, '-exec-step-instruction', `stepi ${i}`);
    trace.push({ pc: field(stop, 'addr') ?? '?', thread: field(stop, 'thread-id') ?? '?', reason: field(stop, 'reason') ?? '?' });
  }
  return trace;
}

/** The function of the selected frame. */
async function frameFunction(mi: GdbMi): Promise<string> {
  return field(await mi.command('-stack-info-frame'), 'func') ?? '?';
}

describe.each(RUNS)("Debian's kernel under gdb-multiarch on the %s model, %d vCPUs", (accel, smp) => {
  it('start_kernel, stepping, hardware breakpoints and watchpoints, every vCPU on one breakpoint, the shell', async () => {
    const g = await DebuggedGuest.start({
      accel, smp, memoryBytes: 1 << 30, timeoutMs: 800_000, engine: DEFAULT_ENGINE,
      linux: { kernel, initrd }, bootargs: 'console=hvc0 cryptomgr.notests',
    });
    const mi = await GdbMi.connect(g.port, { file: debugVmlinux, watchdogMs: 800_000 });
    const planted: bigint[] = [];
    try {
      // -- start_kernel, next x20, step into a callee, bt, finish
      expect(await mi.console('break start_kernel')).toMatch(/Breakpoint 1 at 0x[0-9a-f]+: file init\/main\.c/);
      planted.push(symbolAddress('start_kernel'));
      let stop = await execute(mi, '-exec-continue');
      expect(field(stop, 'reason')).toBe('breakpoint-hit');
      expect(field(stop, 'func')).toBe('start_kernel');
      const lines = [Number(field(stop, 'line'))];
      for (let i = 0; i < 20; i++) {
        stop = await execute(mi, '-exec-next', `next ${i}`);
        expect({ i, reason: field(stop, 'reason'), func: field(stop, 'func'), file: field(stop, 'file') })
          .toEqual({ i, reason: 'end-stepping-range', func: 'start_kernel', file: 'init/main.c' });
        lines.push(Number(field(stop, 'line')));
      }
      // `next` moves down start_kernel's straight-line start, over every call
      expect(new Set(lines).size).toBeGreaterThan(15);
      // `step` until it enters a function start_kernel calls
      let callee = 'start_kernel';
      for (let i = 0; i < 10 && callee === 'start_kernel'; i++) {
        await execute(mi, '-exec-step', `step ${i}`);
        callee = await frameFunction(mi);
      }
      expect(callee).not.toBe('start_kernel');
      const bt = await mi.console('bt');
      expect(bt).toMatch(new RegExp(`^#0 +${callee} `, 'm'));
      // (an inlined callee's caller frame has no return address of its own)
      expect(bt).toMatch(/^#1 +(0x[0-9a-f]+ in )?start_kernel \(\) at init\/main\.c:\d+/m);
      await execute(mi, '-exec-finish');
      expect(await frameFunction(mi)).toBe('start_kernel');

      // -- 1,000 stepi with scheduler-locking on: the secondaries are still held by RTAS, and the
      // step masks interrupts (QEMU's default sstep flags), so the path is the same on
      // both models
      await mi.console('set scheduler-locking on');
      const locked = await stepTrace(mi, STEPS);
      expect(locked.filter((s) => s.reason !== 'end-stepping-range' || s.thread !== '1')).toEqual([]);
      if (!lockedTraces.has(smp)) lockedTraces.set(smp, new Map());
      lockedTraces.get(smp)!.set(accel, locked.map((s) => s.pc));
      await mi.console('set scheduler-locking off');

      // -- hbreak, then a hardware watchpoint on jiffies_64 (the timer tick's counter)
      await mi.console('delete');
      expect(await mi.console('hbreak rest_init')).toMatch(/Hardware assisted breakpoint 2 at/);
      stop = await execute(mi, '-exec-continue');
      expect([field(stop, 'reason'), field(stop, 'func')]).toEqual(['breakpoint-hit', 'rest_init']);
      await mi.console('delete');
      expect(await mi.console('watch jiffies_64')).toMatch(/Hardware watchpoint 3: jiffies_64/);
      let previous: bigint | undefined;
      for (let i = 0; i < 2; i++) {
        stop = await execute(mi, '-exec-continue', `continue to the watchpoint ${i}`);
        expect(field(stop, 'reason')).toBe('watchpoint-trigger');
        const oldValue = BigInt(/old="(\d+)"/.exec(stop)![1]!), newValue = BigInt(/new="(\d+)"/.exec(stop)![1]!);
        expect(newValue).toBeGreaterThan(oldValue);
        if (previous !== undefined) expect(oldValue).toBe(previous);
        previous = newValue;
        expect(await mi.console('print jiffies_64')).toContain(`= ${newValue}`);
      }
      await mi.console('delete');

      // -- do_idle, which every vCPU runs: 100 continues, each reported for its own vCPU
      expect(await mi.console('break do_idle')).toMatch(/Breakpoint 4 at/);
      planted.push(symbolAddress('do_idle'));
      const hitsBy = new Map<string, number>();
      for (let i = 0; i < CONTINUES; i++) {
        stop = await execute(mi, '-exec-continue', `continue ${i}`);
        expect({ i, reason: field(stop, 'reason'), func: field(stop, 'func') }).toEqual({ i, reason: 'breakpoint-hit', func: 'do_idle' });
        const thread = field(stop, 'thread-id')!;
        hitsBy.set(thread, (hitsBy.get(thread) ?? 0) + 1);
      }
      // vCPU 0 and at least one other (which of the idle ones wakes is the scheduler's choice)
      expect(hitsBy.has('1') && hitsBy.size >= 2).toBe(true);
      const threads = await mi.console('info threads');
      for (let i = 0; i < smp; i++) expect(threads).toMatch(new RegExp(`${i + 1} +Thread 1\\.${i + 1} "vcpu${i}"`));

      // -- 1,000 stepi with scheduler-locking off: the other vCPUs run meanwhile, and
      // every stop is still the stepped vCPU's end of a step
      await mi.console('delete');
      const stepped = field(stop, 'thread-id')!;
      const other = stepped === '1' ? '2' : '1';
      await mi.console(`thread ${other}`);
      const otherBefore = await mi.console('p/x $pc');
      await mi.console(`thread ${stepped}`);
      const free = await stepTrace(mi, STEPS);
      expect(free.filter((s) => s.reason !== 'end-stepping-range' || s.thread !== stepped)).toEqual([]);
      expect(new Set(free.map((s) => s.pc)).size).toBeGreaterThan(20);
      await mi.console(`thread ${other}`);
      expect(await mi.console('p/x $pc')).not.toBe(otherBefore);

      // -- to the shell; Ctrl-C while it waits for input
      let from = mi.lines.length;
      await mi.command('-exec-continue');
      await g.console.until('init: busybox shell');
      await g.console.until('# ', g.console.out.indexOf('init: busybox shell'));
      stop = await (async () => { await mi.command('-exec-interrupt'); return mi.stopped(from); })();
      expect(field(stop, 'signal-name')).toBe('SIGINT');
      expect(await mi.console('bt 3')).toMatch(/^#0 /m);
      let mark = g.console.out.length;
      from = mi.lines.length;
      await mi.command('-exec-continue');
      g.console.type('echo marker-$((6*7))\n');
      await g.console.until('marker-42', mark);

      // -- the guest's own single step beside the host's: ptrace-step single-steps a
      // child with PTRACE_SINGLESTEP on CPU 1 (its Trace interrupts go to the handler the
      // emulated step plants on) while GDB steps vCPU 0 with scheduler-locking off
      // (typed at the next prompt: busybox's line editor garbles the echo of typeahead)
      await g.console.until('# ', g.console.out.indexOf('marker-42'));
      mark = g.console.out.length;
      // `ptrace-status-$((1+1))` prints ptrace-status-2, which the echoed command line does not contain
      g.console.type(`taskset -c 1 ptrace-step ${GUEST_STEPS}; echo ptrace-status-$((1+1)) $?\n`);
      // the whole line, not its start: hvc pushes a line out 16 bytes at a time, and the
      // tracer's write can wait for room on khvcd, which sleeps on a timer; with the guest
      // clock stopped during GDB's steps (NOTIMER) a tracer stopped there stays there, and
      // CPU 1 then takes no Trace interrupt in any step (seen once in a full vmm run)
      await g.console.until(`ptrace-step: stepping the child ${GUEST_STEPS} times from 0x`, mark);
      await g.console.until('\n', g.console.out.indexOf('ptrace-step: stepping the child', mark));
      from = mi.lines.length;
      await mi.command('-exec-interrupt');
      await mi.stopped(from);
      await mi.console('thread 1');
      const foreignBefore = g.target.stepper.counts.foreignHits;
      const foreignHits = (): number => g.target.stepper.counts.foreignHits - foreignBefore;
      const beside: Awaited<ReturnType<typeof stepTrace>> = [];
      let guestStillStepping = true;
      for (let round = 0; round < BESIDE_ROUNDS_MAX; round++) {
        beside.push(...await stepTrace(mi, BESIDE_ROUND));
        const guestDone = g.console.out.indexOf('steps exact', mark) >= 0;
        if (round === BESIDE_ROUNDS_MIN - 1) guestStillStepping = !guestDone;
        if (round >= BESIDE_ROUNDS_MIN - 1 && (accel !== 'hv' || foreignHits() > 0 || guestDone)) break;
      }
      // the guest's stepping was still going on while the host stepped
      expect(guestStillStepping).toBe(true);
      // on hv, CPU 1's Trace interrupts met the breakpoint vCPU 0's steps planted on the
      // handler, and went on to the guest
      if (accel === 'hv') expect(foreignHits()).toBeGreaterThan(0);
      expect(beside.filter((s) => s.reason !== 'end-stepping-range' || s.thread !== '1')).toEqual([]);
      await mi.command('-exec-continue');
      await g.console.until('ptrace-status-2 ', mark);
      await g.console.until('# ', g.console.out.indexOf('ptrace-status-2 ', mark));
      expect(g.console.out.slice(mark)).toContain(`ptrace-step: ${GUEST_STEPS} steps exact, r3 = ${GUEST_STEPS / 2}`);
      expect(g.console.out.slice(mark)).toContain('ptrace-status-2 0');

      // -- detach: the shell still answers, then powers the machine off
      from = mi.lines.length;
      await mi.command('-exec-interrupt');
      await mi.stopped(from);
      expect(await mi.console('detach')).toMatch(/Detaching|detached/);
      mark = g.console.out.length;
      g.console.type('echo after-detach-$((6*7))\n');
      await g.console.until('after-detach-42', mark);
      // GDB planted past the functions' global entry: check their first words
      for (const va of planted) {
        for (let at = va; at < va + 16n; at += 4n) {
          expect({ at: at.toString(16), word: [...g.ram(physical(at), 4)] }).not.toEqual({ at: at.toString(16), word: DEBUG_WORD });
        }
      }
      await g.console.until('# ', g.console.out.indexOf('after-detach-42', mark));
      g.console.type('poweroff -f\n');
      expect(await g.ended()).toBe(0);
      expect(g.console.out).toMatch(/reboot: Power down/);
      expect(g.console.out).not.toMatch(/Oops|BUG:|Kernel panic/);
    } catch (err) {
      throw new Error(`${String(err)}\n-- console tail:\n${g.console.out.slice(-3000)}`);
    } finally {
      await mi.quit();
      await g.dispose();
    }
  });
});

describe('the emulated and the native step on the real kernel', () => {
  it.each(SMP_COUNTS)('retire the same 1,000 instructions from start_kernel with scheduler-locking on (%d vCPUs)', (smp) => {
    const traces = lockedTraces.get(smp);
    expect(traces?.size).toBe(GDB_MODELS.length);
    const [first, ...rest] = [...traces!.values()];
    expect(new Set(first).size).toBeGreaterThan(100);
    for (const trace of rest) expect(trace).toEqual(first);
  });
});
