import { SSTEP_ENABLE, SSTEP_NOIRQ, SSTEP_NOTIMER } from '@hvstep/gdbstub';
import { KVM_CAP_PPC_GUEST_DEBUG_SSTEP } from '@hvstep/hypervisor';
import type { Machine } from '../machine.js';
import { cpuLine, registerDump, sprDump } from './cpu-report.js';

/** What `monitor` commands can see and change (implemented by MachineDebugTarget). */
export interface MonitorHost {
  readonly machine: Machine;
  /** The single-step method in force ('emulated' | 'native' | 'off'). */
  stepMode: StepMode;
  /** QEMU's SSTEP_* flags (ENABLE=1, NOIRQ=2, NOTIMER=4). */
  sstepFlags: number;
  /** The emulated step's statistics since the machine started (EmulatedStepper.counts). */
  readonly stepCounts: { readonly armed: number; readonly completed: number; readonly foreignHits: number };
}

export type StepMode = 'emulated' | 'native' | 'off';

const STEP_MODES: readonly StepMode[] = ['emulated', 'native', 'off'];

const HELP = `monitor commands (N = vCPU index; GDB thread N+1):
  help                       this list
  info cpus                  every vCPU: thread, started, running/stopped, pc, msr, byte order, privilege, MMU
  info registers [N]         GPRs, pc, msr, CR, LR, CTR, XER of vCPU N (default 0)
  info sprs [N]              SRR0/1, DAR, DSISR, SPRG0-3, PID, HSRR0/1, CIABR, DAWR0, LPCR, TB, DEC... of vCPU N
  model                      the hypervisor model and whether it steps natively (KVM_CAP_PPC_GUEST_DEBUG_SSTEP)
  sstep                      the single-step method, QEMU's sstep flags and the emulated step's counts
  sstep emulated|native|off  choose the single-step method
  sstep-flags [noirq] [notimer]
                             steps with interrupts masked (noirq) and/or the guest clock stopped (notimer);
                             no word = neither (stepping stays enabled)
`;

/** `ENABLE NOIRQ NOTIMER` for a flags value. */
export function describeStepFlags(flags: number): string {
  const names: [number, string][] = [[SSTEP_ENABLE, 'ENABLE'], [SSTEP_NOIRQ, 'NOIRQ'], [SSTEP_NOTIMER, 'NOTIMER']];
  const on = names.filter(([bit]) => (flags & bit) !== 0).map(([, n]) => n);
  return `0x${flags.toString(16)}${on.length > 0 ? ` (${on.join(' ')})` : ''}`;
}

/**
 * `monitor CMD` (GDB's qRcmd): text commands for what GDB has no packet for.
 * Returns the text shown to the user (each line ending in a newline).
 */
export function runMonitorCommand(host: MonitorHost, command: string): string {
  const words = command.trim().split(/\s+/).filter((w) => w.length > 0);
  const [verb = 'help', what] = words;
  switch (verb) {
    case 'help':
      return HELP;
    case 'info':
      return info(host.machine, what, words.slice(2));
    case 'model':
      return model(host);
    case 'sstep':
      return sstep(host, words.slice(1));
    case 'sstep-flags':
      return sstepFlags(host, words.slice(1));
    default:
      return `unknown monitor command '${command.trim()}' (try: monitor help)\n`;
  }
}

function info(machine: Machine, what: string | undefined, rest: string[]): string {
  const vcpus = machine.vm.vcpus;
  if (what === 'cpus') {
    const started = new Set(machine.startedVcpus);
    return vcpus.map((v) => cpuLine(v, started.has(v.index))).join('');
  }
  if (what === 'registers' || what === 'sprs') {
    const index = rest.length === 0 ? 0 : Number(rest[0]);
    const vcpu = Number.isInteger(index) ? vcpus[index] : undefined;
    if (!vcpu || rest.length > 1) return `info ${what}: no vCPU '${rest.join(' ')}' (0..${vcpus.length - 1})\n`;
    return what === 'registers' ? registerDump(vcpu) : sprDump(machine.vm, vcpu);
  }
  return `info: unknown '${what ?? ''}' (cpus, registers [N], sprs [N])\n`;
}

function model(host: MonitorHost): string {
  const vm = host.machine.vm;
  const cap = vm.checkExtension(KVM_CAP_PPC_GUEST_DEBUG_SSTEP);
  const kind = vm.model === 'hv'
    ? 'hv (KVM-HV: the guest runs with MSR[HV]=0 and takes its own Trace interrupts)'
    : 'pr (KVM-PR: the hypervisor sees MSR[SE] traces and can step natively)';
  return `hypervisor model: ${kind}\n`
    + `KVM_CAP_PPC_GUEST_DEBUG_SSTEP (${KVM_CAP_PPC_GUEST_DEBUG_SSTEP}): ${cap}${cap === 1 ? ' (native single step available)' : ' (KVM_GUESTDBG_SINGLESTEP is ignored)'}\n`
    + stepStatus(host);
}

function stepStatus(host: MonitorHost): string {
  return `single step: ${host.stepMode}, sstep flags ${describeStepFlags(host.sstepFlags)}\n`;
}

/** `sstep` alone adds what the emulated step has done: a way to see that other vCPUs met its breakpoints. */
function stepCounts(host: MonitorHost): string {
  const c = host.stepCounts;
  return `emulated steps: ${c.armed} armed, ${c.completed} completed; other vCPUs met a step breakpoint ${c.foreignHits} time(s)\n`;
}

function sstep(host: MonitorHost, args: string[]): string {
  if (args.length === 0) return stepStatus(host) + stepCounts(host);
  const mode = args[0] as StepMode;
  if (args.length !== 1 || !STEP_MODES.includes(mode)) return `sstep: expected one of ${STEP_MODES.join(', ')}\n`;
  host.stepMode = mode;
  let out = stepStatus(host);
  if (mode === 'native' && host.machine.vm.checkExtension(KVM_CAP_PPC_GUEST_DEBUG_SSTEP) !== 1) {
    out += `warning: the ${host.machine.vm.model} model ignores KVM_GUESTDBG_SINGLESTEP: a step will run on like a continue\n`;
  }
  if (mode === 'off') out += 'warning: steps are not attempted: stepi, step, next and continuing from a breakpoint run on\n';
  return out;
}

function sstepFlags(host: MonitorHost, args: string[]): string {
  let flags = SSTEP_ENABLE;
  for (const word of args) {
    if (word === 'noirq') flags |= SSTEP_NOIRQ;
    else if (word === 'notimer') flags |= SSTEP_NOTIMER;
    else return `sstep-flags: unknown '${word}' (noirq, notimer)\n`;
  }
  host.sstepFlags = flags;
  return stepStatus(host);
}
