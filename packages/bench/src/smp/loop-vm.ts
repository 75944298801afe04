import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Vm, ExitDispatcher, H_SUCCESS, type Vcpu } from '@hvstep/hypervisor';
import { assemble, bareMetal, ENTRY } from '@hvstep/emulator-core/test-support';
import { LPCR_ILE, MSR64_SF, MSR64_ME, MSR64_LE, type Engine } from '@hvstep/emulator-core';
import { REPO_ROOT } from '../throughput/programs.js';

/** The hypercall with which the guest says its loop is done (a number no PAPR call uses). */
export const DONE_HCALL = 0x6000;

/** Instructions one vCPU retires in one run of guests/smp-loop.S: 4 set-up, 5 per iteration, `li` + `sc 1`. */
export const instructionsPerRun = (iterations: number): number => 6 + 5 * iterations;

/** One run of every vCPU: the instructions they retired together and the wall time from start to the last one done. */
export interface LoopRun { instructions: number; seconds: number; perVcpu: number[] }

let guestWords: number[] | undefined;
/** The guest: vectors that `sc 1` out (bareMetal) and guests/smp-loop.S at ENTRY, assembled by binutils. */
function smpLoopWords(): number[] {
  guestWords ??= assemble(bareMetal(readFileSync(join(REPO_ROOT, 'packages/bench/guests/smp-loop.S'), 'utf8')));
  return guestWords;
}

/**
 * A little-endian system-mode VM (hypervisor API, vCPUs on worker threads) whose
 * vCPUs all run the register loop of guests/smp-loop.S from the same code page.
 */
export class LoopVm {
  private readonly dispatcher: ExitDispatcher;

  private constructor(private readonly vm: Vm) {
    this.dispatcher = new ExitDispatcher(vm).hcall(DONE_HCALL, () => H_SUCCESS);
  }

  static create(engine: Engine, vcpus: number): LoopVm {
    if (!Number.isInteger(vcpus) || vcpus < 1) throw new RangeError(`vCPU count must be a positive integer, not ${vcpus}`);
    const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: vcpus, engine });
    smpLoopWords().forEach((w, i) => vm.memory.write32(4 * i, w, true));
    vm.partition.updateLpcr(LPCR_ILE, LPCR_ILE);
    for (let i = 0; i < vcpus; i++) vm.createVcpu();
    return new LoopVm(vm);
  }

  get vcpus(): readonly Vcpu[] { return this.vm.vcpus; }

  /**
   * Starts every vCPU at the loop with r4 = iterations and waits until each has made
   * its done hypercall. Any other exit is an error (the guest takes no interrupt).
   */
  async run(iterations: number): Promise<LoopRun> {
    if (!Number.isSafeInteger(iterations) || iterations < 1) throw new RangeError(`iterations must be a positive integer, not ${iterations}`);
    for (const v of this.vm.vcpus) {
      const regs = v.getRegs();
      regs.gpr[4] = BigInt(iterations);
      v.setRegs({ pc: BigInt(ENTRY), msr: MSR64_SF | MSR64_ME | MSR64_LE, gpr: regs.gpr });
    }
    const before = this.vm.vcpus.map((v) => v.state.instructionCount);
    const t0 = performance.now();
    await Promise.all(this.vm.vcpus.map(async (v) => {
      const exit = await v.run();
      if (exit.reason !== 'hcall' || exit.nr !== DONE_HCALL) {
        throw new Error(`vCPU ${v.index}: expected the done hypercall, got exit '${exit.reason}'${exit.reason === 'failed' ? `: ${exit.error}` : ''}`);
      }
      await this.dispatcher.dispatch(exit, v);
    }));
    const seconds = (performance.now() - t0) / 1000;
    const perVcpu = this.vm.vcpus.map((v, i) => Number(v.state.instructionCount - before[i]!));
    return { instructions: perVcpu.reduce((a, b) => a + b, 0), seconds, perVcpu };
  }

  destroy(): Promise<void> { return this.vm.destroy(); }
}
