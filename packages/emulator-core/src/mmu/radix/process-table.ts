/**
 * The guest's process table (Power ISA 3.0B Book III 6.7.6), as registered through
 * H_REGISTER_PROC_TBL: a guest real base and a size of 2^(12+PATS) bytes. Entry n
 * is the 16 bytes at base + 16*n; only doubleword 0 (RTS, RPDB, RPDS) matters to
 * process-scoped translation (doubleword 1 is for HPT). Under a hypervisor the
 * table's address is a guest real address; here partition-scoped translation is
 * the identity, so it is an offset into guest RAM.
 */
export class ProcessTable {
  /** Guest real address of entry 0. */
  base = 0;
  /** log2 of the table's size in bytes (12 + PATS). */
  sizeLog2 = 0;
  /** Size in bytes (0 when none is registered). */
  size = 0;
  registered = false;

  /**
   * @param base guest real address of the table
   * @param sizeLog2 log2 of its size in bytes, 12 + PATS (PATS is the 5-bit field
   *   H_REGISTER_PROC_TBL takes as its table size argument)
   */
  set(base: number, sizeLog2: number): void {
    if (!Number.isSafeInteger(base) || base < 0) throw new RangeError(`bad process table base ${base}`);
    if (!Number.isInteger(sizeLog2) || sizeLog2 < 12 || sizeLog2 > 12 + 31) {
      throw new RangeError(`process table size 2^${sizeLog2} is not 2^(12+PATS)`);
    }
    this.base = base;
    this.sizeLog2 = sizeLog2;
    this.size = 2 ** sizeLog2;
    this.registered = true;
  }

  clear(): void {
    this.base = 0;
    this.sizeLog2 = 0;
    this.size = 0;
    this.registered = false;
  }

  /**
   * A table not aligned on its own size is an invalid configuration (ISA 3.1B
   * Book III 6.7.6 programming note; QEMU 7.1+ raises a DSI/ISI with
   * DSISR_R_BADCONFIG on each translation, while its H_REGISTER_PROC_TBL only
   * logs). An unregistered table is treated the same way.
   */
  get usable(): boolean {
    return this.registered && this.base % this.size === 0;
  }

  /** Guest real address of PID's entry, or -1 when PID is past the table's end. */
  entryAddress(pid: number): number {
    const offset = pid * 16;
    return offset < this.size ? this.base + offset : -1;
  }
}
