import { Vm, ExitDispatcher, H_SUCCESS } from '@hvstep/hypervisor';
import { assemble, bareMetal, ENTRY } from '@hvstep/emulator-core/test-support';
import { LPCR_ILE, MSR64_SF, MSR64_ME, MSR64_LE } from '@hvstep/emulator-core';

export interface RoundTrip { where: 'worker' | 'in-process'; exits: number; seconds: number; perSecond: number; microseconds: number }
export interface AllStop { vcpus: number; samples: number; medianMs: number; p90Ms: number; maxMs: number }

function guestVm(vcpus: number, inProcess: boolean, body: string): Vm {
  const vm = new Vm({ memoryBytes: 16 << 20, maxVcpus: Math.max(vcpus, 1), inProcess });
  assemble(bareMetal(body)).forEach((w, i) => vm.memory.write32(4 * i, w, true));
  vm.partition.updateLpcr(LPCR_ILE, LPCR_ILE);
  for (let i = 0; i < vcpus; i++) {
    const v = vm.createVcpu();
    v.setRegs({ pc: BigInt(ENTRY), msr: MSR64_SF | MSR64_ME | MSR64_LE });
  }
  return vm;
}

/**
 * The exit round trip: the guest issues `sc 1` with a hypercall the hypervisor
 * leaves to userspace; the main thread's dispatcher answers it and resumes the
 * vCPU. Measures complete round trips per second.
 */
export async function exitRoundTrip(inProcess: boolean, exits = 20_000): Promise<RoundTrip> {
  const vm = guestVm(1, inProcess, `
    1: li 3, 0x6200
      sc 1
      b 1b`);
  const vcpu = vm.vcpus[0]!;
  let count = 0;
  const d = new ExitDispatcher(vm).hcall(0x6200, () => H_SUCCESS);
  // warm up
  for (let i = 0; i < 500; i++) await d.dispatch(await vcpu.run(), vcpu);
  const t0 = performance.now();
  while (count < exits) { await d.dispatch(await vcpu.run(), vcpu); count++; }
  const seconds = (performance.now() - t0) / 1000;
  await vm.destroy();
  return { where: inProcess ? 'in-process' : 'worker', exits, seconds, perSecond: exits / seconds, microseconds: seconds * 1e6 / exits };
}

/**
 * All-stop latency: N vCPUs spin on their worker threads; the main thread kicks
 * them all and waits until every one has exited to userspace.
 */
export async function allStopLatency(vcpus: number, samples = 30): Promise<AllStop> {
  const vm = guestVm(vcpus, false, `
    1: addi 4, 4, 1
      b 1b`);
  const times: number[] = [];
  for (let s = 0; s < samples + 3; s++) {
    const runs = vm.vcpus.map((v) => v.run());
    await new Promise((resolve) => setTimeout(resolve, 5));
    const ms = await vm.stopAll();
    await Promise.all(runs);
    if (s >= 3) times.push(ms);
  }
  await vm.destroy();
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { vcpus, samples, medianMs: at(0.5), p90Ms: at(0.9), maxMs: times[times.length - 1]! };
}
