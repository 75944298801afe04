import os from 'node:os';
import type { HypervisorModel } from '@hvstep/hypervisor';
import { ENGINES, isEngine, type Engine } from '@hvstep/emulator-core';
import { SCENARIOS } from './scenarios/index.js';
import { LINUX_SCENARIOS } from './linux/scenarios/index.js';
import type { StepMode } from './session.js';
import type { GuestKind } from './run-one.js';

export interface RunnerOptions {
  /** The guest the scenarios debug: the bundled one or Debian's Linux kernel. */
  readonly guest: GuestKind;
  /** Scenario ids to run ('1', '2a', '2b', ...). */
  readonly scenarios: readonly string[];
  readonly smp: readonly number[];
  readonly accels: readonly HypervisorModel[];
  readonly jobs: number;
  readonly write: boolean;
  readonly stepMode?: StepMode;
  /** The vCPUs' execution engine (default: the machine's). */
  readonly engine?: Engine;
}

export class UsageError extends Error {}

export const USAGE = `Usage: pnpm scenarios [options]

Runs the single-step scenarios of the spec (section 4) with gdb-multiarch against the
bundled guest (or Debian's Linux kernel), for every vCPU count and hypervisor model
asked, prints a table and writes docs/scenarios.md (docs/scenarios-linux.md). Exits 1
if any run fails.

Options:
  --guest bundled|linux
                     the guest: the bundled one (default; the spec's 25 scenarios) or
                     Debian's ppc64el kernel with a busybox initramfs (the scenarios that
                     apply to a real kernel; scripts/linux-guest.sh fetches it once)
  --scenario N[,M]   scenarios to run (numbers of the spec; 2 runs 2a and 2b; default all)
  --smp 1,2,4        vCPU counts (default 1,2,4; 2,4 with --guest linux)
  --accel hv,pr      hypervisor models (default hv,pr)
  --jobs N           runs in parallel (default: the number of CPUs)
  --sstep emulated|native|off
                     force the debug target's single-step method (default: native on
                     pr, emulated on hv, as hvstep run); off shows the runaway step
  --engine interp|jit|wasm
                     the vCPUs' execution engine (default: the machine's, the interpreter)
  --no-write         do not write docs/scenarios.md
  -h, --help         this text
`;

function list(value: string | undefined, name: string): string[] {
  if (!value) throw new UsageError(`${name} needs a value`);
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** A scenario's id and the spec's number it belongs to ('1k' and '1u' are both 1). */
const numberOf = (id: string): number => Number.parseInt(id, 10);

export function parseOptions(argv: readonly string[]): RunnerOptions | 'help' {
  let guest: GuestKind = 'bundled';
  let wanted: string[] | undefined;
  let smp: number[] | undefined;
  let accels: HypervisorModel[] = ['hv', 'pr'];
  let jobs = os.availableParallelism();
  let write = true;
  let stepMode: StepMode | undefined;
  let engine: Engine | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '-h': case '--help': return 'help';
      case '--guest': {
        const g = value();
        if (g !== 'bundled' && g !== 'linux') throw new UsageError('--guest: expected bundled or linux');
        guest = g;
        break;
      }
      case '--scenario': case '--scenarios':
        wanted = list(value(), '--scenario');
        break;
      case '--smp':
        smp = list(value(), '--smp').map(Number);
        if (smp.some((n) => !Number.isInteger(n) || n < 1 || n > 32)) throw new UsageError('--smp: expected vCPU counts 1..32');
        break;
      case '--accel':
        accels = list(value(), '--accel') as HypervisorModel[];
        if (accels.some((a) => a !== 'hv' && a !== 'pr')) throw new UsageError('--accel: expected hv and/or pr');
        break;
      case '--jobs': case '-j':
        jobs = Number(value());
        if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs: expected a positive integer');
        break;
      case '--no-write': write = false; break;
      case '--sstep': {
        const m = value();
        if (m !== 'emulated' && m !== 'native' && m !== 'off') throw new UsageError('--sstep: expected emulated, native or off');
        stepMode = m;
        break;
      }
      case '--engine': {
        const e = value() ?? '';
        if (!isEngine(e)) throw new UsageError(`--engine: expected ${ENGINES.join(' or ')}`);
        engine = e;
        break;
      }
      default: throw new UsageError(`unknown option '${arg}'`);
    }
  }
  const ids = guest === 'linux' ? LINUX_SCENARIOS.map((s) => s.id) : SCENARIOS.map((s) => s.id);
  let scenarios = ids;
  if (wanted) {
    const asked = wanted;
    scenarios = ids.filter((id) => asked.includes(id) || asked.includes(String(numberOf(id))));
    const unknown = asked.filter((w) => !ids.some((id) => id === w || String(numberOf(id)) === w));
    if (unknown.length > 0) throw new UsageError(`--scenario: no ${guest === 'linux' ? 'Linux ' : ''}scenario ${unknown.join(', ')} (${ids.join(', ')})`);
  }
  return {
    guest, scenarios, smp: smp ?? (guest === 'linux' ? [2, 4] : [1, 2, 4]), accels, jobs, write,
    ...(stepMode ? { stepMode } : {}), ...(engine ? { engine } : {}),
  };
}
