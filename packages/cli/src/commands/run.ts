import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundledGuestsDir } from '../bundled-guests.js';
import { Machine, ImageError, MachineDebugTarget } from '@hvstep/vmm';
import { GdbTcpServer } from '@hvstep/gdbstub';
import { type Command, UsageError, EXIT_USAGE } from './command.js';
import { parseOptions, parseSize, engineOption, gdbAddressOption, gdbPollOption, type OptionSpec } from '../options.js';
import { StdioConsole } from '../stdio-console.js';

const OPTIONS: OptionSpec[] = [
  { name: 'smp', takesValue: true },
  { name: 'memory', alias: 'm', takesValue: true },
  { name: 'accel', takesValue: true },
  { name: 'engine', takesValue: true },
  { name: 'firmware', takesValue: true },
  { name: 'kernel', takesValue: true },
  { name: 'initrd', takesValue: true },
  { name: 'trace-hcalls' },
  { name: 'timeout', takesValue: true },
  { name: 'append', takesValue: true },
  { name: 'gdb', takesValue: true },
  { name: 'gdb-default', alias: 's' },
  { name: 'paused', alias: 'S' },
  { name: 'sstep', takesValue: true },
  { name: 'gdb-poll-us', takesValue: true },
  { name: 'help', alias: 'h' },
];

const DEFAULT_FIRMWARE = path.join(bundledGuestsDir(), 'firmware.elf');
const DEFAULT_KERNEL = path.join(bundledGuestsDir(), 'kernel.elf');

const HELP = `Usage: hvstep run [options] [image.elf]

Boots the "pseries-lite" machine: a POWER9 partition under hvstep's KVM-HV style
hypervisor, one worker thread per vCPU. With no image it boots the bundled guest:
the big-endian firmware (guests/system/firmware.elf), which enters the
little-endian SMP kernel (guests/system/kernel.elf). The guest's console is
stdout/stdin (raw when stdin is a terminal; Ctrl-A x quits, Ctrl-A Ctrl-A sends
Ctrl-A, as in QEMU); hvstep exits with the status the guest powers off with.

Options:
  --smp N              number of vCPUs, 1..64 (default 1)
  -m, --memory SIZE    guest RAM, e.g. 256M or 1G (default 256M)
  --accel hv|pr        hypervisor model: hv (Book3S-HV: the Trace interrupt goes to
                       the guest; the default) or pr (native single step)
  --engine interp|jit|wasm  how vCPUs run guest code: blocks compiled to
                       WebAssembly and chained there (wasm, the default),
                       blocks translated to JavaScript (jit), or the interpreter
  --firmware FILE      firmware image to boot first (default: the bundled one);
                       with --kernel, the firmware enters that kernel
  --kernel FILE        without --firmware: a Linux vmlinux (ppc64 ELF) booted
                       directly, QEMU's way: loaded at its physical address,
                       entered in real mode with r3 = a generated device tree
  --initrd FILE        an initramfs for the directly booted kernel
  --append ARGS        the kernel command line (/chosen/bootargs), e.g.
                       "console=hvc0" for Linux, fault=program for the bundled kernel
  --trace-hcalls       print every hypercall and RTAS call the machine answers
  --timeout SECONDS    stop a guest that has not powered off after SECONDS
                       (exit status 124)
  --gdb [HOST:]PORT    listen for gdb-multiarch (target remote HOST:PORT); the
                       host defaults to 127.0.0.1
  -s                   --gdb 127.0.0.1:1234
  -S                   start with the vCPUs paused until GDB continues
  --sstep MODE         how GDB's single step is done: emulated (the guest's own
                       Trace interrupt plus a breakpoint on its Trace handler,
                       hidden from the guest; the default on --accel hv, where the
                       Trace interrupt never reaches the hypervisor), native
                       (KVM_GUESTDBG_SINGLESTEP; the default on --accel pr; ignored
                       by hv, as on real KVM-HV) or off (steps run on: the original
                       failure, for demonstration). Also: monitor sstep MODE
  --gdb-poll-us N      after each reply to GDB while the guest is stopped, poll
                       the connection N microseconds for the next packet before
                       sleeping (default 200; 0 never polls): about a third off
                       each continue, at up to N µs of host CPU per reply
  -h, --help           show this help

An image given on the command line is booted directly, entered like the kernel
(r3 = device tree, big- or little-endian as the ELF says).

Exit status: the guest's power-off status; 1 when the VM failed (a vCPU thread
died); 124 on --timeout; 2 for a bad command line or image.
`;

/**
 * Which images boot: an image argument alone; --kernel alone is a direct Linux boot
 * (with --initrd); otherwise the firmware (bundled by default) entering the kernel
 * (bundled by default).
 */
function bootImages(image: string | undefined, values: Map<string, string | true | string[]>): { firmware?: string; kernel?: string; initrd?: string } {
  const given = (name: string): string | undefined => (values.has(name) ? String(values.get(name)) : undefined);
  const initrd = given('initrd');
  if (image) {
    for (const name of ['kernel', 'firmware', 'initrd']) if (values.has(name)) throw new UsageError(`--${name} cannot be used with an image argument`);
    return {};
  }
  if (given('kernel') && !given('firmware')) return { kernel: given('kernel'), initrd };
  if (initrd) throw new UsageError('--initrd needs --kernel without --firmware (a direct Linux boot)');
  return { firmware: given('firmware') ?? DEFAULT_FIRMWARE, kernel: given('kernel') ?? DEFAULT_KERNEL };
}

export const runCommand: Command = {
  name: 'run',
  summary: 'boot the pseries-lite machine (the bundled firmware + SMP kernel by default)',
  help: HELP,
  async run(args: string[]): Promise<number> {
    const { values, rest } = parseOptions(args, OPTIONS, 'run');
    if (values.has('help')) { process.stdout.write(HELP); return 0; }
    let gdb: { host: string; port: number } | undefined;
    if (values.has('gdb')) {
      gdb = gdbAddressOption(String(values.get('gdb')), '--gdb');
    } else if (values.has('gdb-default')) {
      gdb = { host: '127.0.0.1', port: 1234 };
    }
    const paused = values.has('paused');
    if (paused && !gdb) throw new UsageError('-S (start paused) needs --gdb or -s');
    const sstep = values.has('sstep') ? String(values.get('sstep')) : undefined;
    if (sstep !== undefined && sstep !== 'emulated' && sstep !== 'native' && sstep !== 'off') throw new UsageError(`--sstep: expected emulated, native or off, got '${sstep}'`);
    if (sstep !== undefined && !gdb) throw new UsageError('--sstep needs --gdb or -s');
    const pollMicros = gdbPollOption(values.get('gdb-poll-us'));
    if (pollMicros !== undefined && !gdb) throw new UsageError('--gdb-poll-us needs --gdb or -s');
    const smp = Number(values.get('smp') ?? 1);
    if (!Number.isInteger(smp) || smp < 1 || smp > 64) throw new UsageError(`--smp: expected 1..64, got '${String(values.get('smp'))}'`);
    const memoryBytes = values.has('memory') ? parseSize(String(values.get('memory')), '--memory') : 256 << 20;
    if (memoryBytes < 16 << 20 || memoryBytes > 2 ** 31 || memoryBytes % 4096 !== 0) throw new UsageError('--memory: expected 16M..2G');
    const accel = String(values.get('accel') ?? 'hv');
    if (accel !== 'hv' && accel !== 'pr') throw new UsageError(`--accel: expected hv or pr, got '${accel}'`);
    const engine = engineOption(values.get('engine'));
    const timeout = values.has('timeout') ? Number(values.get('timeout')) : undefined;
    if (timeout !== undefined && !(timeout > 0)) throw new UsageError('--timeout: expected a number of seconds');
    if (rest.length > 1) throw new UsageError(`unexpected argument '${rest[1]}' (see hvstep run --help)`);
    const image = rest[0];
    const images = bootImages(image, values);
    let machine: Machine | undefined;
    const console = new StdioConsole(() => machine?.quit('the user typed Ctrl-A x'));
    try {
      machine = new Machine({
        smp, memoryBytes, accel, console, engine,
        image,
        ...images,
        traceHcalls: values.has('trace-hcalls'),
        timeoutMs: timeout !== undefined ? timeout * 1000 : undefined,
        bootargs: values.has('append') ? String(values.get('append')) : undefined,
        report: (line) => { fs.writeSync(2, `${line}\n`); },
      });
    } catch (e) {
      if (e instanceof ImageError) { fs.writeSync(2, `hvstep: ${e.message}\n`); return EXIT_USAGE; }
      throw e;
    }
    let server: GdbTcpServer | undefined;
    try {
      console.listen();
      if (gdb) {
        server = new GdbTcpServer(new MachineDebugTarget(machine, { stepMode: sstep }), { ...gdb, pollMicros });
        const bound = await server.listen();
        fs.writeSync(2, `hvstep: GDB stub listening on ${bound.host}:${bound.port}${paused ? ' (vCPUs paused until GDB continues)' : ''}\n`);
      }
      return await machine.run({ paused });
    } finally {
      console.close();
      await server?.close();
      await machine.destroy();
    }
  },
};
