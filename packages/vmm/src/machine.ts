import { readProgram, LoadError } from '@hvstep/linux-user';
import { Vm, ExitDispatcher, type Vcpu, type HypervisorModel, H_PUT_TERM_CHAR, H_GET_TERM_CHAR, KVMPPC_H_RTAS, MmioResponse } from '@hvstep/hypervisor';
import { LPCR_ILE, LPCR_LD, MSR64_SF, MSR64_ME, MSR64_LE, type Engine } from '@hvstep/emulator-core';
import { loadSystemImage, ImageError } from './loader.js';
import { buildMachineTree } from './fdt/machine-tree.js';
import { putTermChar, getTermChar, type ConsoleIo } from './papr/console.js';
import { callRtas, type RtasPlatform } from './papr/rtas.js';
import { Xics } from './papr/xics.js';
import { registerXicsHcalls } from './papr/xics-hcalls.js';
import { SplparServices } from './papr/splpar.js';
import { loadLinux } from './linux-boot.js';
import { hcallTracer } from './papr/hcall-trace.js';

/** The MSR a vCPU starts in (boot CPU and RTAS start-cpu alike): 64-bit, machine checks on, the image's byte order. */
const bootMsr = (littleEndian: boolean): bigint => MSR64_SF | MSR64_ME | (littleEndian ? MSR64_LE : 0n);

export interface MachineOptions {
  smp: number;
  memoryBytes: number;
  accel: HypervisorModel;
  /**
   * Big-endian firmware run first, and the kernel it enters (docs/boot-protocol.md).
   * A kernel without firmware is booted directly, the way QEMU's pseries enters
   * Linux: `initrd` and `bootargs` go into its device tree.
   */
  firmware?: string;
  kernel?: string;
  /** An initramfs for a directly booted kernel (/chosen/linux,initrd-start). */
  initrd?: string;
  /** Report every hypercall and RTAS call that reaches the machine (--trace-hcalls). */
  traceHcalls?: boolean;
  /** A single image to boot directly instead (entered like the kernel, little- or big-endian). */
  image?: string;
  console: ConsoleIo;
  /** The kernel command line (/chosen/bootargs). */
  bootargs?: string;
  /** Give up after this long without power-off (a runaway guest): exit status 124. */
  timeoutMs?: number;
  /** Lines for the user (warnings, the shutdown reason). */
  report?: (line: string) => void;
  inProcess?: boolean;
  /** The vCPUs' execution engine (--engine; default: the Vm's, DEFAULT_VM_ENGINE; `hvstep run` passes DEFAULT_ENGINE). */
  engine?: Engine;
}

/**
 * An image file's bytes; an unreadable file is an ImageError (exit status 2) worded
 * as `hvstep user` words it ("No such file or directory", "is a directory").
 */
function readImage(path: string): Uint8Array {
  try { return readProgram(path); } catch (e) { throw new ImageError(path, e instanceof LoadError ? e.message : String(e)); }
}

/** Exit status when the guest did not power off in time. */
export const EXIT_TIMEOUT = 124;
/** Exit status when the VM failed (a vCPU thread died, an emulator error). */
export const EXIT_VM_FAILED = 1;
/** Exit status when the guest gave up through RTAS ibm,os-term (a kernel panic). */
export const EXIT_GUEST_PANIC = 3;

const FDT_ALIGN = 4096;

/**
 * The "pseries-lite" machine (QEMU's role): guest RAM, the firmware and kernel
 * images, the device tree, and the PAPR services userspace provides — the console
 * and RTAS — on top of the hypervisor. `run()` boots vCPU 0 and resolves with the
 * process exit status: the guest's power-off status, or why it ended otherwise.
 */
export class Machine {
  readonly vm: Vm;
  readonly dispatcher: ExitDispatcher;
  readonly fdtAddress: number;
  /** The XICS interrupt controller (one presenter per vCPU, server number = index). */
  readonly xics: Xics;
  /** VPA registrations and the other shared-processor services. */
  readonly splpar: SplparServices;
  private readonly loops = new Map<number, Promise<unknown>>();
  private readonly running = new Set<number>();
  private finishing = false;
  private resolveFinish!: (status: number) => void;
  private readonly finished = new Promise<number>((resolve) => { this.resolveFinish = resolve; });
  private readonly report: (line: string) => void;
  private mmioWarned = false;
  /**
   * Debugger run control: a vCPU whose gate is closed parks in the dispatcher (after
   * its 'intr' or 'debug' exit) until the debugger opens it again.
   */
  private readonly gates = new Map<number, { promise: Promise<void>; open: () => void }>();
  private readonly parked = new Set<number>();
  private parkWaiters: (() => void)[] = [];
  private readonly finishListeners = new Set<(status: number) => void>();
  private finishStatus: number | undefined;
  /** Set by a debugger: receives every debug exit (the vCPU then parks). */
  debugListener: ((exit: Extract<import('@hvstep/hypervisor').VcpuExit, { reason: 'debug' }>, vcpu: Vcpu) => void) | undefined;

  constructor(readonly options: MachineOptions) {
    if (!Number.isInteger(options.smp) || options.smp < 1 || options.smp > 64) throw new RangeError('--smp must be 1..64');
    this.report = options.report ?? (() => undefined);
    this.vm = new Vm({ memoryBytes: options.memoryBytes, model: options.accel, maxVcpus: options.smp, inProcess: options.inProcess, engine: options.engine });
    for (let i = 0; i < options.smp; i++) this.vm.createVcpu();
    this.dispatcher = new ExitDispatcher(this.vm);
    this.xics = new Xics(options.smp, (server, asserted) => this.vm.vcpus[server]!.setInterruptLine(asserted));
    this.splpar = new SplparServices(this.vm.memory, options.smp);
    this.platform = this.makePlatform();
    this.fdtAddress = this.boot();
    this.installHandlers();
  }

  /** Loads the images and the device tree; sets up vCPU 0's entry state. Returns the FDT's address. */
  private boot(): number {
    if (this.options.kernel && !this.options.firmware && !this.options.image) return this.bootLinux();
    if (this.options.initrd) throw new ImageError(this.options.initrd, '--initrd needs a directly booted --kernel (no --firmware, no image)');
    const memory = this.vm.memory;
    const load = (path: string) => loadSystemImage(memory, readImage(path), path);
    const fdt = buildMachineTree({ memoryBytes: memory.size, cpus: this.options.smp, bootargs: this.options.bootargs });
    const fdtAddress = Math.floor((memory.size - fdt.length - FDT_ALIGN) / FDT_ALIGN) * FDT_ALIGN;
    const vcpu0 = this.vm.vcpus[0]!;
    const regs = vcpu0.getRegs();
    let entry: number, littleEndian: boolean;
    if (this.options.image) {
      const image = load(this.options.image);
      entry = image.entryPhysical; littleEndian = image.elf.littleEndian;
      regs.gpr[4] = 0n;
      if (image.highest > fdtAddress) throw new ImageError(this.options.image, 'the image overlaps the device tree at the top of RAM');
    } else {
      if (!this.options.firmware || !this.options.kernel) throw new Error('a machine needs firmware and kernel, or an image');
      const kernel = load(this.options.kernel);
      const firmware = load(this.options.firmware);
      if (firmware.lowest < kernel.highest && kernel.lowest < firmware.highest) throw new ImageError(this.options.firmware, 'overlaps the kernel');
      if (Math.max(kernel.highest, firmware.highest) > fdtAddress) throw new ImageError(this.options.kernel, 'the images overlap the device tree at the top of RAM');
      entry = firmware.entryPhysical; littleEndian = firmware.elf.littleEndian;
      regs.gpr[4] = BigInt(kernel.entryPhysical);
    }
    memory.writeBytes(fdtAddress, fdt);
    regs.gpr[3] = BigInt(fdtAddress);
    regs.gpr[5] = 0n;
    vcpu0.setRegs({ gpr: regs.gpr, pc: BigInt(entry), msr: bootMsr(littleEndian) });
    return fdtAddress;
  }

  /**
   * The direct Linux boot (linux-boot.ts): kernel, initramfs, RTAS blob and tree in
   * RAM, vCPU 0 at the kernel's entry. The partition gets the large decrementer the
   * tree announces (QEMU's spapr sets LPCR[LD] for its guests the same way).
   */
  private bootLinux(): number {
    const kernelPath = this.options.kernel!;
    const layout = loadLinux(this.vm.memory, {
      kernel: { path: kernelPath, bytes: readImage(kernelPath) },
      initrd: this.options.initrd ? { path: this.options.initrd, bytes: readImage(this.options.initrd) } : undefined,
      bootargs: this.options.bootargs ?? '',
      cpus: this.options.smp,
    });
    this.vm.partition.updateLpcr(LPCR_LD, LPCR_LD);
    const vcpu0 = this.vm.vcpus[0]!;
    const regs = vcpu0.getRegs();
    regs.gpr[3] = BigInt(layout.entry.r3);
    regs.gpr[4] = BigInt(layout.entry.r4);
    regs.gpr[5] = 0n;
    vcpu0.setRegs({ gpr: regs.gpr, pc: BigInt(layout.entry.pc), msr: bootMsr(layout.entry.littleEndian) });
    return layout.fdt;
  }

  private installHandlers(): void {
    const d = this.dispatcher;
    const io = this.options.console;
    d.hcall(H_PUT_TERM_CHAR, (exit, vcpu) => putTermChar(io, vcpu, exit.args));
    d.hcall(H_GET_TERM_CHAR, (exit, vcpu) => getTermChar(io, vcpu, exit.args));
    d.hcall(KVMPPC_H_RTAS, (exit, vcpu) => callRtas(this.vm.memory, exit.args[0]!, vcpu.index, this.platform));
    registerXicsHcalls(d, this.xics, () => BigInt(Math.floor(this.vm.clock.ticks())));
    this.splpar.register(d);
    if (this.options.traceHcalls) d.observeHcalls(hcallTracer(this.vm.memory, this.report));
    d.on('intr', async (_exit, vcpu) => {
      if (this.finishing || !this.running.has(vcpu.index)) return 'stop';
      await this.parkIfGated(vcpu.index);
      return this.finishing ? 'stop' : 'resume';
    });
    d.on('mmio', (exit, vcpu) => {
      if (!this.mmioWarned) {
        this.mmioWarned = true;
        this.report(`hvstep: vCPU ${vcpu.index} accessed real address 0x${exit.physAddr.toString(16)} outside RAM: machine check injected`);
      }
      vcpu.setMmioResponse(MmioResponse.MachineCheck);
      return 'resume';
    });
    d.on('debug', async (exit, vcpu) => {
      if (!this.debugListener) {
        this.report(`hvstep: vCPU ${vcpu.index}: debug exit at 0x${exit.pc.toString(16)} with no debugger attached`);
        this.finish(EXIT_VM_FAILED);
        return 'stop';
      }
      this.closeGate(vcpu.index);
      this.debugListener(exit, vcpu);
      await this.parkIfGated(vcpu.index);
      return this.finishing ? 'stop' : 'resume';
    });
  }

  private readonly platform: RtasPlatform;

  private makePlatform(): RtasPlatform {
    return {
      vcpuCount: this.options.smp,
      xics: this.xics,
      now: () => new Date(),
      osTerm: (message) => {
        const text = message.trimEnd();
        this.report(`hvstep: the guest terminated (RTAS ibm,os-term)${text ? `: ${text}` : ''}`);
        this.finish(EXIT_GUEST_PANIC);
      },
      isRunning: (cpu) => this.running.has(cpu),
      startCpu: (cpu, startAddress, r3) => {
        const vcpu = this.vm.vcpus[cpu]!;
        const regs = vcpu.getRegs();
        regs.gpr[3] = r3;
        const le = (this.vm.partition.lpcrLo & LPCR_ILE) !== 0;
        vcpu.setRegs({ gpr: regs.gpr, pc: startAddress, msr: bootMsr(le) });
        this.startLoop(vcpu);
      },
      stopSelf: (caller) => {
        this.leaveRunning(caller);
        this.vm.vcpus[caller]!.kick();
        if (this.running.size === 0) this.finish(0);
      },
      powerOff: (status) => { this.report(`hvstep: guest powered off (status ${status})`); this.finish(status); },
      reboot: () => { this.report('hvstep: guest asked for a reboot: ending the VM'); this.finish(0); },
    };
  }

  private closeGate(index: number): void {
    if (this.gates.has(index)) return;
    let open!: () => void;
    const promise = new Promise<void>((resolve) => { open = resolve; });
    this.gates.set(index, { promise, open });
  }

  private async parkIfGated(index: number): Promise<void> {
    for (let gate = this.gates.get(index); gate && !this.finishing; gate = this.gates.get(index)) {
      this.parked.add(index);
      for (const w of this.parkWaiters.splice(0)) w();
      // finish() opens every gate: no race with the machine's end, which would leave a
      // reaction on that long-lived promise at every park (a leak of one per debugger stop)
      await gate.promise;
      this.parked.delete(index);
    }
  }

  /**
   * A vCPU stops for good (RTAS stop-self, its loop ended): a stopAll waiting for it to
   * park must look again, or it waits for a vCPU that will never park.
   */
  private leaveRunning(index: number): void {
    this.running.delete(index);
    for (const w of this.parkWaiters.splice(0)) w();
  }

  /** True when every started vCPU is parked (stopped for the debugger). */
  get allParked(): boolean {
    for (const i of this.running) if (!this.parked.has(i)) return false;
    return true;
  }

  /** Stops every vCPU for a debugger and waits until all are parked. */
  async stopAll(): Promise<void> {
    for (const v of this.vm.vcpus) this.closeGate(v.index);
    for (const i of this.running) this.vm.vcpus[i]!.kick();
    while (!this.allParked && !this.finishing) await new Promise<void>((resolve) => this.parkWaiters.push(resolve));
  }

  /**
   * Stops some vCPUs for a debugger (non-stop mode) and waits until each is parked; the
   * others run on. A vCPU not started yet only has its gate closed: it parks when started.
   */
  async stopVcpus(indices: readonly number[]): Promise<void> {
    for (const i of indices) this.closeGate(i);
    for (const i of indices) if (this.running.has(i)) this.vm.vcpus[i]!.kick();
    const done = () => indices.every((i) => !this.running.has(i) || this.parked.has(i));
    while (!done() && !this.finishing) await new Promise<void>((resolve) => this.parkWaiters.push(resolve));
  }

  /** True when vCPU `index` is parked (stopped for the debugger, its registers safe to touch). */
  isParked(index: number): boolean { return this.parked.has(index); }

  /** Lets the vCPUs in `indices` run again (their debug settings applied by the caller). */
  release(indices: Iterable<number>): void {
    for (const i of indices) {
      const gate = this.gates.get(i);
      this.gates.delete(i);
      gate?.open();
    }
  }

  /** Indices of the vCPUs started so far (the rest wait for RTAS start-cpu). */
  get startedVcpus(): number[] { return [...this.running]; }

  /** Ends the machine as `kill` does. */
  kill(): void { this.finish(EXIT_VM_FAILED); }

  /** Ends the machine at the user's request (QEMU's quit: exit status 0). */
  quit(reason: string): void {
    this.report(`hvstep: terminated: ${reason}`);
    this.finish(0);
  }

  private startLoop(vcpu: Vcpu): void {
    this.running.add(vcpu.index);
    const loop = this.parkIfGated(vcpu.index).then(() => this.dispatcher.runVcpu(vcpu)).then(
      () => { this.leaveRunning(vcpu.index); if (this.running.size === 0) this.finish(0); },
      (e: unknown) => {
        this.leaveRunning(vcpu.index);
        if (!this.finishing) this.report(`hvstep: ${e instanceof Error ? e.message : String(e)}`);
        this.finish(EXIT_VM_FAILED);
      },
    );
    this.loops.set(vcpu.index, loop);
  }

  /** Ends the run with `status` (the first reason wins) and stops every vCPU. */
  private finish(status: number): void {
    if (this.finishing) return;
    this.finishing = true;
    for (const v of this.vm.vcpus) v.kick();
    for (const gate of this.gates.values()) gate.open();
    this.finishStatus = status;
    this.resolveFinish(status);
    for (const l of [...this.finishListeners]) l(status);
  }

  /** Calls `listener` with the exit status when the machine ends (at once if it has ended). */
  onFinish(listener: (status: number) => void): () => void {
    this.finishListeners.add(listener);
    const ended = this.finishStatus;
    if (ended !== undefined) queueMicrotask(() => { if (this.finishListeners.has(listener)) listener(ended); });
    return () => { this.finishListeners.delete(listener); };
  }

  /** True once the machine has begun to end (power-off, failure, kill, timeout). */
  get ended(): boolean { return this.finishing; }

  /** run() was asked to start with every vCPU held (-S): only a debugger's resume lets them go. */
  get startedPaused(): boolean { return this.pausedAtStart; }
  private pausedAtStart = false;

  /** Boots and runs until the guest powers off (or fails, or times out); resolves with the exit status. */
  async run(options: { paused?: boolean } = {}): Promise<number> {
    this.pausedAtStart = options.paused === true;
    if (options.paused) {
      for (const v of this.vm.vcpus) this.closeGate(v.index);
      this.vm.pauseClock();
    }
    const timer = this.options.timeoutMs ? setTimeout(() => {
      this.report(`hvstep: the guest did not power off within ${this.options.timeoutMs! / 1000} s: stopped`);
      this.finish(EXIT_TIMEOUT);
    }, this.options.timeoutMs) : undefined;
    this.startLoop(this.vm.vcpus[0]!);
    const status = await this.finished;
    if (timer) clearTimeout(timer);
    await Promise.all(this.loops.values());
    return status;
  }

  async destroy(): Promise<void> {
    await this.vm.destroy();
  }
}
