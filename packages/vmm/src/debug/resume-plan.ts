/**
 * What a GDB resume does to the machine, as a pure function of the request and the
 * machine's state (unit-tested without a machine, like sstep/step-plan.ts): each
 * vCPU's action, which vCPUs are released and which are stepped, or the stop to
 * report at once when nothing that exists can run; and whether the guest clock runs.
 */
import { SSTEP_NOTIMER, type VcpuAction } from '@hvstep/gdbstub';

export type ResumePlan =
  | {
    readonly kind: 'run';
    /** One action per vCPU; a step that will not be attempted has become a continue. */
    readonly actions: readonly VcpuAction[];
    /** vCPUs whose gate opens (not-yet-started ones included: they run once started). */
    readonly release: readonly number[];
    /** Started vCPUs to arm a step on. */
    readonly stepping: readonly number[];
  }
  /** Nothing that exists can run (only threads before RTAS start-cpu): report this vCPU's step at once. */
  | { readonly kind: 'nothing-runs'; readonly vcpu: number };

export interface ResumeContext {
  readonly vcpuCount: number;
  /** vCPUs started so far (RTAS start-cpu). */
  readonly started: ReadonlySet<number>;
  /** Steps are attempted (not `--sstep off`, SSTEP_ENABLE set): otherwise a step is a continue. */
  readonly stepsEnabled: boolean;
}

export function planResume(requested: readonly VcpuAction[], ctx: ResumeContext): ResumePlan {
  // once per packet of every step: plain loops, no closure per vCPU
  let anyRuns = false;
  for (let i = 0; i < requested.length && !anyRuns; i++) anyRuns = requested[i] !== 'stop' && ctx.started.has(i);
  if (!anyRuns) return { kind: 'nothing-runs', vcpu: Math.max(requested.findIndex((a) => a !== 'stop'), 0) };
  const actions: VcpuAction[] = [];
  const release: number[] = [];
  const stepping: number[] = [];
  for (let index = 0; index < ctx.vcpuCount; index++) {
    const asked = requested[index] ?? 'stop';
    const action: VcpuAction = asked === 'step' && !ctx.stepsEnabled ? 'continue' : asked;
    actions.push(action);
    if (action === 'stop') continue;
    if (action === 'step' && ctx.started.has(index)) stepping.push(index);
    release.push(index);
  }
  return { kind: 'run', actions, release, stepping };
}

/**
 * SSTEP_NOTIMER: time does not pass while only single instructions run. It does when a
 * vCPU continues, and when a step may run more than one instruction (`longStep`: a
 * successor step, a step over `sc` whose handler may wait for the decrementer).
 */
export function clockRuns(actions: readonly VcpuAction[], longStep: boolean, sstepFlags: number): boolean {
  return actions.includes('continue') || longStep || (sstepFlags & SSTEP_NOTIMER) === 0;
}
