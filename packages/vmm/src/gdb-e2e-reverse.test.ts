/**
 * Reverse execution with GDB's own recording (`record full`): from a breakpoint in
 * the bundled kernel's memset, 50 `stepi` are recorded; 50 `reverse-stepi` must bring
 * back each recorded pc and register set, replaying forward (`continue`) must reach
 * the last one and `reverse-continue` the first. GDB replays by writing the recorded
 * registers and memory back through `P` and `M`, so the vCPU itself ends where the
 * recording began: after `record stop`, a real `stepi` goes to the first recorded pc.
 */
import { describe, it, expect, jest } from '@jest/globals';
import { DebuggedGuest, GdbMi, GDB_MODELS } from './testing/gdb-session.js';

jest.setTimeout(150_000);

const STEPS = 50;

/**
 * `info registers` as `name value` lines, without the registers that no guest
 * instruction sets explicitly and GDB therefore cannot record: the time base and
 * decrementer; CFAR, which every taken branch sets as a side effect that GDB's
 * record decoder (rs6000-tdep.c, ppc_process_record) does not model, so replay
 * cannot put it back; and on `hv` HSRR0/1, which the exits to the hypervisor that
 * each step makes there overwrite (the guest runs with MSR[HV]=0 and never sees them).
 */
async function registers(mi: GdbMi, accel: string): Promise<string[]> {
  const skip = accel === 'hv' ? /^(tb|dec|cfar|hsrr0|hsrr1) / : /^(tb|dec|cfar) /;
  return (await mi.console('info registers')).split('\n').filter((l) => /^[a-z0-9]+ +0x/.test(l) && !skip.test(l));
}

const pcOf = (regs: string[]): string => /^pc +(0x[0-9a-f]+)/.exec(regs.find((l) => l.startsWith('pc '))!)![1]!;

describe.each(GDB_MODELS)('reverse execution on the %s model', (accel) => {
  it(`record full, ${STEPS} stepi, ${STEPS} reverse-stepi, replay and reverse-continue`, async () => {
    const g = await DebuggedGuest.start({ accel, smp: 1 });
    const mi = await GdbMi.connect(g.port);
    try {
      expect(await mi.console('break memset')).toMatch(/Breakpoint 1 at/);
      let from = mi.lines.length;
      await mi.command('-exec-continue');
      expect(await mi.stopped(from)).toMatch(/reason="breakpoint-hit"/);
      await mi.console('delete');
      expect(await mi.console('record full')).not.toMatch(/error/i);

      const recorded = [await registers(mi, accel)];
      for (let i = 0; i < STEPS; i++) {
        from = mi.lines.length;
        await mi.console('stepi');
        // GDB reports an instruction it cannot record on the log stream
        expect(mi.lines.slice(from).join('\n')).not.toMatch(/Process record|Don't know how to record/);
        recorded.push(await registers(mi, accel));
      }
      expect(await mi.console('info record')).toContain(`Log contains ${STEPS} instructions`);
      // the steps went somewhere: a loop, so pcs repeat, but more than a few distinct ones
      expect(new Set(recorded.map(pcOf)).size).toBeGreaterThan(10);

      for (let i = STEPS - 1; i >= 0; i--) {
        await mi.console('reverse-stepi');
        expect({ step: i, regs: await registers(mi, accel) }).toEqual({ step: i, regs: recorded[i] });
      }

      // replay forward to the end of the log, then back to its start in one go
      from = mi.lines.length;
      await mi.command('-exec-continue');
      await mi.stopped(from);
      expect(await registers(mi, accel)).toEqual(recorded[STEPS]);
      from = mi.lines.length;
      await mi.command('-exec-continue --reverse');
      await mi.stopped(from);
      expect(await registers(mi, accel)).toEqual(recorded[0]);

      // the vCPU itself is back at the start: GDB wrote the registers back through P
      expect(`0x${g.machine.vm.vcpus[0]!.state.nip.toString(16)}`).toBe(pcOf(recorded[0]!));
      await mi.console('record stop');
      await mi.console('stepi');
      expect(await registers(mi, accel)).toEqual(recorded[1]);
    } finally {
      await mi.quit();
      await g.dispose();
    }
  });
});
