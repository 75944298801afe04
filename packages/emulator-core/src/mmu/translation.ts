/** What an access wants of a page (the permission it checks). */
export const ACCESS_READ = 1;
export const ACCESS_WRITE = 2;
export const ACCESS_EXECUTE = 4;

/**
 * An address translation regime: user-mode page map (linux-user), and later real
 * mode and ISA 3.0 radix. `translatePage` is the TLB miss path: it returns the real
 * address of the 4 KiB page holding the effective address, or -1 when the access
 * must fault (the regime records why, for the interrupt it will raise).
 */
export interface Translation {
  translatePage(eaHi: number, eaLo: number, access: number): number;
}
