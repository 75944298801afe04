import { InsnFlag, type BranchKind, type InstructionDef } from '../decode/instruction.js';

/*
 * What an instruction is, apart from what it does (decode/instruction.ts InsnFlag):
 * set here for every row that has such a property, and merged into the decode table by
 * isa/index.ts. The single step (vmm/src/debug/sstep), the branch Trace
 * (interp/trace-step.ts) and the translator read these instead of lists of mnemonics.
 */

type Properties = Pick<InstructionDef, 'flags' | 'branch' | 'accessSize'>;
const table = new Map<string, Properties>();

function set(mnemonics: string, p: Properties): void {
  for (const m of mnemonics.trim().split(/\s+/)) {
    const old = table.get(m) ?? {};
    table.set(m, { ...old, ...p, flags: (old.flags ?? 0) | (p.flags ?? 0) });
  }
}
const branch = (m: string, kind: BranchKind): void => set(m, { branch: kind });
const load = (size: number, m: string, extra = 0): void => set(m, { flags: InsnFlag.Load | extra, accessSize: size });
const store = (size: number, m: string, extra = 0): void => set(m, { flags: InsnFlag.Store | extra, accessSize: size });
const flag = (f: number, m: string): void => set(m, { flags: f });

branch('b', 'immediate');
branch('bc', 'conditional');
branch('bclr', 'lr');
branch('bcctr', 'ctr');
branch('bctar', 'tar');

// Book III 5.4 (MSR), 7.5 (interrupts), 6.10 (storage control), 5.9.1 (doubleword messages)
flag(InsnFlag.Privileged | InsnFlag.ReadsMsr, 'mfmsr');
flag(InsnFlag.Privileged | InsnFlag.WritesMsr, 'mtmsr mtmsrd');
flag(InsnFlag.Privileged | InsnFlag.WritesMsr | InsnFlag.ReturnFromInterrupt, 'rfid');
flag(InsnFlag.HypervisorPrivileged | InsnFlag.WritesMsr | InsnFlag.ReturnFromInterrupt, 'hrfid');
flag(InsnFlag.Privileged, 'tlbiel slbia slbie msgsndp msgclrp');
flag(InsnFlag.HypervisorPrivileged, 'stop tlbie tlbsync');
flag(InsnFlag.SystemCall, 'sc scv');
// rfscv: NIP from LR, MSR from CTR; not a ReturnFromInterrupt (that flag means SRR0/SRR1):
// the single step recognises it by name (vmm debug/sstep/instruction.ts)
flag(InsnFlag.Privileged, 'rfscv');

// Book I 3.3.2-3.3.6 fixed-point, 4.6.2-4.6.3 floating-point loads and stores
load(1, 'lbz lbzu lbzx lbzux');
load(2, 'lhz lhzu lhzx lhzux lha lhau lhax lhaux lhbrx');
load(4, 'lwz lwzu lwzx lwzux lwa lwax lwaux lwbrx lmw lswi lswx lfs lfsu lfsx lfsux lfiwax lfiwzx');
load(8, 'ld ldu ldx ldux ldbrx lfd lfdu lfdx lfdux');
load(16, 'lfdp lfdpx lq');
store(1, 'stb stbu stbx stbux');
store(2, 'sth sthu sthx sthux sthbrx');
store(4, 'stw stwu stwx stwux stwbrx stmw stswi stswx stfs stfsu stfsx stfsux stfiwx');
store(8, 'std stdu stdx stdux stdbrx stfd stfdu stfdx stfdux');
store(16, 'stfdp stfdpx stq');
// Book I 6.7 vector and 7.6.1 VSX loads and stores (the length forms: up to 16 bytes)
load(1, 'lvebx lxsibzx');
load(2, 'lvehx lxsihzx');
load(4, 'lvewx lxsspx lxsiwax lxsiwzx lxvwsx lxssp');
load(8, 'lxsdx lxvdsx lxsd');
load(16, 'lvx lvxl lxvd2x lxvw4x lxvh8x lxvb16x lxvx lxv lxvl lxvll');
store(1, 'stvebx stxsibx');
store(2, 'stvehx stxsihx');
store(4, 'stvewx stxsspx stxsiwx stxssp');
store(8, 'stxsdx stxsd');
store(16, 'stvx stvxl stxvd2x stxvw4x stxvh8x stxvb16x stxvx stxv stxvl stxvll');
// Book II 4.4.2 load-and-reserve, store-conditional
load(1, 'lbarx', InsnFlag.Reservation);
load(2, 'lharx', InsnFlag.Reservation);
load(4, 'lwarx', InsnFlag.Reservation);
load(8, 'ldarx', InsnFlag.Reservation);
load(16, 'lqarx', InsnFlag.Reservation);
store(1, 'stbcx.', InsnFlag.Reservation);
store(2, 'sthcx.', InsnFlag.Reservation);
store(4, 'stwcx.', InsnFlag.Reservation);
store(8, 'stdcx.', InsnFlag.Reservation);
store(16, 'stqcx.', InsnFlag.Reservation);
// dcbz writes a whole cache block (128 bytes on POWER9)
store(128, 'dcbz');

/** A row with its properties merged in. */
export function withProperties(def: InstructionDef): InstructionDef {
  const p = table.get(def.mnemonic);
  return p ? { ...def, ...p } : def;
}

/** Mnemonics that have properties, to check each names a row. */
export const mnemonicsWithProperties = (): string[] => [...table.keys()];
