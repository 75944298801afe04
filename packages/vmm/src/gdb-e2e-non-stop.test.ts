/**
 * GDB's non-stop mode with gdb-multiarch against the bundled SMP guest, on both
 * hypervisor models with 2 and 4 vCPUs: every vCPU's hit of a breakpoint all of them
 * meet is reported on its own; `continue -a &`; vCPU 1 alone interrupted, its
 * registers read while the others' work goes on (the guest's shared counter, read
 * from memory twice, grows); vCPU 1 stepped 100 times while the others run (on hv
 * the emulated step, whose Trace-handler breakpoint the others meet and pass); vCPU 1
 * resumed; `interrupt -a`; then everything resumed, and the guest's own checks pass
 * (its counters are exact, it powers off with status 0) with no breakpoint word left.
 */
import { describe, it, expect, jest } from '@jest/globals';
import { DebuggedGuest, GdbMi, symbolAddress, KERNEL, GDB_MODELS, within } from './testing/gdb-session.js';
import { RawGdbClient } from './testing/raw-client.js';

jest.setTimeout(400_000);

/** Long enough that the work is still going on while vCPU 1 is held and stepped. */
const ITERATIONS = 10_000_000;
const STEPS = 100;
const DEBUG_WORD = [0x00, 0xdd, 0xdd, 0x00];
const KERNEL_BASE = 0xc000000000000000n;

/** A bounded wait whose failure carries the end of GDB's transcript. */
const inSession = <T>(ms: number, what: string, mi: GdbMi, p: Promise<T>): Promise<T> => within(ms, what, p, () => mi.transcript().slice(-3000));

/** The `*stopped` records after `from` for each thread in `threads` (thread-id="N"). */
async function stopsOf(mi: GdbMi, from: number, threads: number[], what: string): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const t of threads) {
    out.set(t, await inSession(30_000, `${what}: thread ${t}`, mi, mi.waitFor(new RegExp(`^\\*stopped.*thread-id="${t}"`), from)));
  }
  return out;
}

/** The value of a C expression in thread `thread`'s context. */
async function evaluate(mi: GdbMi, thread: number, expr: string): Promise<bigint> {
  const r = await mi.command(`-data-evaluate-expression --thread ${thread} --frame 0 "${expr}"`);
  const m = /\^done,value="(\d+)"/.exec(r);
  if (!m) throw new Error(`${expr}: ${r}`);
  return BigInt(m[1]!);
}

/** Every guest word still holding the debug instruction at a planted address (none expected). */
function wordsLeft(g: DebuggedGuest, addresses: bigint[]): bigint[] {
  return addresses.filter((a) => {
    const bytes = g.ram(Number(a - KERNEL_BASE), 4);
    return DEBUG_WORD.every((b, i) => bytes[i] === b);
  });
}

// 2 vCPUs in the suite: with 4, GDB 13.1 itself fails an internal assertion (stop_pc) in
// about 1 run of 10 on either model (docs/gdbstub.md); sstep-non-stop.test.ts covers 4 vCPUs
const CASES = GDB_MODELS.map((accel) => [accel, 2] as const);

describe.each(CASES)('non-stop mode on the %s model with %i vCPUs', (accel, smp) => {
  it('per-thread stops, interrupt and 100 steps of vCPU 1 while the others run, interrupt -a, and a clean power-off', async () => {
    const g = await DebuggedGuest.start({ accel, smp, bootargs: `iters=${ITERATIONS}`, timeoutMs: 300_000 });
    let mi: GdbMi | undefined;
    const threads = Array.from({ length: smp }, (_, i) => i + 1);
    try {
      mi = await GdbMi.connect(g.port, { settings: ['set non-stop on'] });
      expect(await mi.console('show non-stop')).toMatch(/non-stop mode is on/i);
      // a breakpoint every vCPU meets: each hit is its own stop
      expect(await mi.command('-break-insert smp_work')).toMatch(/\^done,bkpt=/);
      let from = mi.lines.length;
      expect(await mi.command('-exec-continue --all')).toMatch(/\^running/);
      const hits = await stopsOf(mi, from, threads, 'each vCPU at smp_work');
      for (const stop of hits.values()) expect(stop).toMatch(/reason="breakpoint-hit".*func="smp_work"/);
      expect(await mi.command('-break-delete')).toMatch(/\^done/);

      // continue -a &: everything runs
      from = mi.lines.length;
      expect(await mi.command('-exec-continue --all')).toMatch(/\^running/);
      for (const t of threads) await inSession(30_000, `*running ${t}`, mi, mi.waitFor(new RegExp(`^\\*running,thread-id="(all|${t})"`), from));

      // interrupt vCPU 1 only; its registers can be read, the others go on
      from = mi.lines.length;
      expect(await mi.command('-exec-interrupt --thread 2')).toMatch(/\^done/);
      const stop = (await stopsOf(mi, from, [2], 'vCPU 1 interrupted')).get(2)!;
      expect(stop).toMatch(/stopped-threads=\["2"\]/);
      const regs = await mi.command('-data-list-register-values --thread 2 x 64');
      expect(regs).toMatch(/\^done,register-values=\[\{number="64",value="0xc[0-9a-f]+"\}\]/);
      const threadList = await mi.console('info threads');
      expect(threadList).toMatch(/\(running\)/);
      const first = await evaluate(mi, 2, 'smp_counter');
      await new Promise((r) => setTimeout(r, 300));
      const second = await evaluate(mi, 2, 'smp_counter');
      expect(second).toBeGreaterThan(first);

      // vCPU 1 steps while the others run
      const pcBefore = BigInt(/value="(0x[0-9a-f]+)"/.exec(regs)![1]!);
      for (let i = 0; i < STEPS; i++) {
        from = mi.lines.length;
        expect(await mi.command('-exec-step-instruction --thread 2')).toMatch(/\^running/);
        const s = (await stopsOf(mi, from, [2], `step ${i}`)).get(2)!;
        expect(s).toMatch(/reason="end-stepping-range"/);
      }
      const pcAfter = BigInt(/value="(0x[0-9a-f]+)"/.exec(await mi.command('-data-list-register-values --thread 2 x 64'))![1]!);
      expect(pcAfter).not.toBe(pcBefore);
      const third = await evaluate(mi, 2, 'smp_counter');
      expect(third).toBeGreaterThan(second);
      // only thread 2 was ever reported stopped since continue -a
      expect(mi.lines.filter((l) => /^\*stopped/.test(l) && !/thread-id="2"/.test(l)).length).toBe(smp);

      // resume vCPU 1, then interrupt -a
      from = mi.lines.length;
      expect(await mi.command('-exec-continue --thread 2')).toMatch(/\^running/);
      await inSession(30_000, 'vCPU 1 running', mi, mi.waitFor(/^\*running,thread-id="2"/, from));
      from = mi.lines.length;
      expect(await mi.command('-exec-interrupt --all')).toMatch(/\^done/);
      await stopsOf(mi, from, threads, 'interrupt -a');
      expect(await mi.console('info threads')).not.toMatch(/\(running\)/);
      const held = await evaluate(mi, 1, 'smp_counter');
      expect(await evaluate(mi, 1, 'smp_counter')).toBe(held);

      // everything runs to the guest's own end
      expect(await mi.command('-exec-continue --all')).toMatch(/\^running/);
      const status = await g.ended(150_000);
      expect(status).toBe(0);
      expect(g.console.out).toContain(`counters ok: ${smp * ITERATIONS}`);
      expect(g.console.out).toContain('kernel: all done');
      expect(g.target.breakpoints.size).toBe(0);
      expect(wordsLeft(g, [symbolAddress(KERNEL, 'smp_work')])).toEqual([]);
    } catch (e) {
      // the machine's side of a failure: its report lines and the guest's console
      throw new Error(`${String(e)}\n--- machine ---\n${g.log.join('\n')}\n--- console ---\n${g.console.out.slice(-2000)}`);
    } finally {
      mi?.kill('SIGKILL');
      await g.dispose();
    }
  });
});

describe.each(GDB_MODELS)('a non-stop client that leaves, on the %s model', (accel) => {
  it('GDB killed with one vCPU stopped and a breakpoint planted: every vCPU runs on, no debug word is left, the guest ends well', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 2, bootargs: `iters=${ITERATIONS}`, timeoutMs: 300_000 });
    let mi: GdbMi | undefined;
    try {
      mi = await GdbMi.connect(g.port, { settings: ['set non-stop on'] });
      const powerOff = symbolAddress(KERNEL, 'power_off');
      expect(await mi.command('-break-insert power_off')).toMatch(/\^done,bkpt=/);
      let from = mi.lines.length;
      expect(await mi.command('-exec-continue --all')).toMatch(/\^running/);
      await inSession(30_000, 'smp_work', mi, g.console.until('kernel: smp_work:'));
      expect(g.target.breakpoints.size).toBe(1);
      from = mi.lines.length;
      expect(await mi.command('-exec-interrupt --thread 2')).toMatch(/\^done/);
      await stopsOf(mi, from, [2], 'vCPU 1 interrupted');
      mi.kill('SIGKILL');
      await mi.exitedPromise;
      const status = await g.ended(240_000);
      expect(status).toBe(0);
      expect(g.console.out).toContain(`counters ok: ${2 * ITERATIONS}`);
      expect(g.target.breakpoints.size).toBe(0);
      expect(wordsLeft(g, [powerOff, powerOff + 8n])).toEqual([]);
    } catch (e) {
      throw new Error(`${String(e)}\n--- machine ---\n${g.log.join('\n')}\n--- console ---\n${g.console.out.slice(-2000)}`);
    } finally {
      mi?.kill('SIGKILL');
      await g.dispose();
    }
  });

  it('non-stop packets before QNonStop:1 are errors, never a hang; a register read of a running vCPU is an error', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 2, bootargs: `iters=${ITERATIONS}` });
    const c = await RawGdbClient.connect(g.port);
    try {
      expect(await c.request('qSupported:multiprocess+;swbreak+')).toContain('QNonStop+');
      expect(await c.request('vStopped')).toBe('E01');
      expect(await c.request('vCtrlC')).toBe('E01');
      expect(await c.request('QNonStop:1')).toBe('OK');
      // vCPU 0 stays stopped, vCPU 1 (before RTAS start-cpu) runs as soon as it is started
      expect(await c.request('?')).toMatch(/^T00thread:p1\.1;/);
      expect(await c.request('vStopped')).toBe('OK');
      expect(await c.request('vCont;c')).toBe('OK');
      await g.console.until('kernel: smp_work:');
      expect(await c.request('Hgp1.2')).toBe('OK');
      expect(await c.request('g')).toBe('E01');
      expect(await c.request('vCont;t:p1.2')).toBe('OK');
      expect(await c.notification()).toMatch(/^Stop:T00thread:p1\.2;/);
      expect(await c.request('vStopped')).toBe('OK');
      expect(await c.request('g')).toMatch(/^[0-9a-f]+$/);
      expect(await c.request('vCtrlC')).toBe('OK');
      expect(await c.notification()).toMatch(/^Stop:T02thread:p1\.1;/);
      expect(await c.request('vStopped')).toBe('OK');
      expect(await c.request('vKill;1')).toBe('OK');
      expect(await g.ended()).toBe(1);
    } finally {
      c.close();
      await g.dispose();
    }
  });
});
