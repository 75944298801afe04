import type { Machine } from '../machine.js';

/** What `monitor` commands can see and change (implemented by MachineDebugTarget). */
export interface MonitorHost {
  readonly machine: Machine;
  /** The single-step method in force ('emulated' | 'native' | 'off'). */
  stepMode: StepMode;
  /** QEMU's SSTEP_* flags (ENABLE=1, NOIRQ=2, NOTIMER=4). */
  sstepFlags: number;
}

export type StepMode = 'emulated' | 'native' | 'off';

/**
 * `monitor CMD` (GDB's qRcmd): text commands for what GDB has no packet for.
 * Returns the text shown to the user (each line ending in a newline).
 */
export function runMonitorCommand(host: MonitorHost, command: string): string {
  const words = command.trim().split(/\s+/);
  const machine = host.machine;
  if (words[0] === 'help' || words[0] === '') return 'commands: help, info cpus, model\n';
  if (words[0] === 'model') return `hypervisor model: ${machine.vm.model}\n`;
  if (words[0] === 'info' && words[1] === 'cpus') {
    return machine.vm.vcpus.map((v) => `vCPU ${v.index} (thread ${v.index + 1}): pc 0x${v.state.nip.toString(16)} msr 0x${v.state.msr.toString(16)}${machine.startedVcpus.includes(v.index) ? '' : ' (not started)'}\n`).join('');
  }
  return `unknown monitor command '${command}' (try: monitor help)\n`;
}
