/** What an access wants of a page (the permission it checks). */
export const ACCESS_READ = 1;
export const ACCESS_WRITE = 2;
export const ACCESS_EXECUTE = 4;

/** Why a translation failed, for the interrupt (or exit) the CPU raises. */
export interface TranslationFault {
  /** 'dsi'/'isi': a guest storage interrupt; 'outsideRam': a real address past guest RAM (an MMIO exit). */
  kind: 'none' | 'dsi' | 'isi' | 'outsideRam';
  /** DSISR for a DSI (ISA 3.0 Book III 6.5.3). */
  dsisr: number;
  /** SRR1 bits 33:36,42:47 for an ISI (Book III 6.5.4). */
  srr1Bits: number;
  /** The EA itself is invalid for the regime (radix: quadrants 1-2, bits 2:11 set): a segment interrupt. */
  segment?: boolean;
  /** The real address, for 'outsideRam'. */
  realAddressHi?: number;
  realAddressLo?: number;
}

/**
 * An address translation regime: the Linux-user page map, guest real mode, and
 * ISA 3.0 radix. `translatePage` is the TLB miss path: it returns the real address
 * of the 4 KiB page holding the effective address, or -1 when the access must
 * fault; regimes that can tell why fill `fault` (one reused record).
 */
export interface Translation {
  /** `privilegedDeny`: ACCESS_* rights storage key 0 (AMR/IAMR) takes from privileged code on non-privileged pages (radix only). */
  translatePage(eaHi: number, eaLo: number, access: number, problemState: boolean, pid: number, privilegedDeny?: number): number;
  readonly fault?: TranslationFault;
}

export function newFaultRecord(): TranslationFault {
  return { kind: 'dsi', dsisr: 0, srr1Bits: 0, realAddressHi: 0, realAddressLo: 0 };
}
