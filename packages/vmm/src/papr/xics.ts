/**
 * The XICS interrupt controller of a pseries partition (PAPR 14.5.4; the model is
 * QEMU's hw/intc/xics.c): one interrupt presentation controller (ICP) per server —
 * here per vCPU, the server number being the vCPU index — and one interrupt source
 * controller (ICS) holding the sources 0x1000.. with their target server and
 * priority. Priorities: 0 is the most favoured, 0xff means masked / none.
 *
 * Everything runs on the main thread (the guest reaches the ICP through hypercalls
 * and the ICS through RTAS, both of which exit to userspace), so no locking is
 * needed; the ICP's output drives the vCPU's external interrupt line.
 */

/** XISR of an inter-processor interrupt (the MFRR of the ICP). */
export const XICS_IPI = 2;
/** First source number of the ICS (QEMU's XICS_IRQ_BASE / SPAPR_XIRQ_BASE). */
export const XICS_IRQ_BASE = 0x1000;
/** Number of sources of the ICS (QEMU's SPAPR_NR_XIRQS). */
export const XICS_IRQ_COUNT = 0x1000;
/** The "no interrupt / masked" priority. */
export const XICS_PRIORITY_NONE = 0xff;

const XISR_MASK = 0x00ffffff;

/** Source status bits (QEMU's XICS_STATUS_*). */
const STATUS_ASSERTED = 0x1;
const STATUS_SENT = 0x2;
const STATUS_REJECTED = 0x4;
const STATUS_MASKED_PENDING = 0x8;

/** The presentation state of one server: XIRR = CPPR << 24 | XISR, the pending priority, the MFRR. */
export interface IcpState {
  xirr: number;
  pendingPriority: number;
  mfrr: number;
}

export interface IcsSource {
  server: number;
  priority: number;
  savedPriority: number;
  status: number;
  /** Level-sensitive (LSI) rather than message-signalled (MSI, edge). */
  lsi: boolean;
}

export class Xics {
  readonly icps: IcpState[];
  private readonly sources: IcsSource[];

  /** `output(server, asserted)` drives server's external interrupt line. */
  constructor(servers: number, private readonly output: (server: number, asserted: boolean) => void) {
    this.icps = Array.from({ length: servers }, () => ({ xirr: 0, pendingPriority: XICS_PRIORITY_NONE, mfrr: XICS_PRIORITY_NONE }));
    this.sources = Array.from({ length: XICS_IRQ_COUNT }, () => ({ server: 0, priority: XICS_PRIORITY_NONE, savedPriority: XICS_PRIORITY_NONE, status: 0, lsi: false }));
  }

  get serverCount(): number { return this.icps.length; }
  validServer(server: number): boolean { return Number.isInteger(server) && server >= 0 && server < this.icps.length; }
  validIrq(nr: number): boolean { return Number.isInteger(nr) && nr >= XICS_IRQ_BASE && nr < XICS_IRQ_BASE + XICS_IRQ_COUNT; }

  // ---- ICP (hypercalls H_CPPR, H_IPI, H_XIRR, H_EOI, H_IPOLL) ----

  /** H_CPPR: a less favoured CPPR lets pending work through; a more favoured one rejects what it now masks. */
  setCppr(server: number, cppr: number): void {
    const icp = this.icps[server]!;
    const oldCppr = icp.xirr >>> 24;
    icp.xirr = ((cppr & 0xff) << 24 | (icp.xirr & XISR_MASK)) >>> 0;
    if ((cppr & 0xff) < oldCppr) {
      const xisr = icp.xirr & XISR_MASK;
      if (xisr !== 0 && (cppr & 0xff) <= icp.pendingPriority) {
        icp.xirr = (icp.xirr & ~XISR_MASK) >>> 0;
        icp.pendingPriority = XICS_PRIORITY_NONE;
        this.output(server, false);
        this.reject(xisr);
      }
    } else if ((icp.xirr & XISR_MASK) === 0) {
      this.resend(server);
    }
  }

  /** H_IPI: sets the MFRR of `server`; an MFRR more favoured than its CPPR presents an IPI. */
  setMfrr(server: number, mfrr: number): void {
    const icp = this.icps[server]!;
    icp.mfrr = mfrr & 0xff;
    if (icp.mfrr < icp.xirr >>> 24) this.checkIpi(server);
  }

  /** H_XIRR: accepts the presented interrupt; returns the old XIRR, the CPPR becomes its priority. */
  accept(server: number): number {
    const icp = this.icps[server]!;
    const xirr = icp.xirr;
    this.output(server, false);
    icp.xirr = (icp.pendingPriority << 24) >>> 0;
    icp.pendingPriority = XICS_PRIORITY_NONE;
    return xirr;
  }

  /** H_EOI: restores the CPPR from `xirr`, ends the source's cycle and presents what waits. */
  eoi(server: number, xirr: number): void {
    const icp = this.icps[server]!;
    icp.xirr = ((xirr & 0xff000000) | (icp.xirr & XISR_MASK)) >>> 0;
    const nr = xirr & XISR_MASK;
    if (this.validIrq(nr)) {
      const source = this.sources[nr - XICS_IRQ_BASE]!;
      if (source.lsi) source.status &= ~STATUS_SENT;
    }
    if ((icp.xirr & XISR_MASK) === 0) this.resend(server);
  }

  // ---- ICS (RTAS ibm,set-xive, ibm,get-xive, ibm,int-off, ibm,int-on) ----

  source(nr: number): Readonly<IcsSource> { return this.sources[nr - XICS_IRQ_BASE]!; }

  /** ibm,set-xive / int-off / int-on: retargets a source and presents it if it was held back. */
  writeXive(nr: number, server: number, priority: number, savedPriority: number): void {
    const source = this.sources[nr - XICS_IRQ_BASE]!;
    source.server = server;
    source.priority = priority & 0xff;
    source.savedPriority = savedPriority & 0xff;
    if (source.lsi) { this.resendLsi(nr); return; }
    if ((source.status & STATUS_MASKED_PENDING) === 0 || source.priority === XICS_PRIORITY_NONE) return;
    source.status &= ~STATUS_MASKED_PENDING;
    this.present(source.server, nr, source.priority);
  }

  /** Declares a source level-sensitive (a device's choice when it claims the source). */
  setSourceType(nr: number, lsi: boolean): void { this.sources[nr - XICS_IRQ_BASE]!.lsi = lsi; }

  /** A device drives source `nr`: an MSI fires on a rising edge, an LSI follows the level. */
  setIrq(nr: number, level: boolean): void {
    const source = this.sources[nr - XICS_IRQ_BASE]!;
    if (source.lsi) {
      source.status = level ? source.status | STATUS_ASSERTED : source.status & ~STATUS_ASSERTED;
      this.resendLsi(nr);
      return;
    }
    if (!level) return;
    if (source.priority === XICS_PRIORITY_NONE) source.status |= STATUS_MASKED_PENDING;
    else this.present(source.server, nr, source.priority);
  }

  // ---- internals (QEMU icp_check_ipi, icp_resend, icp_irq, ics_reject, ics_resend) ----

  private checkIpi(server: number): void {
    const icp = this.icps[server]!;
    const xisr = icp.xirr & XISR_MASK;
    if (xisr !== 0 && icp.pendingPriority <= icp.mfrr) return;
    if (xisr !== 0) this.reject(xisr);
    icp.xirr = ((icp.xirr & ~XISR_MASK) | XICS_IPI) >>> 0;
    icp.pendingPriority = icp.mfrr;
    this.output(server, true);
  }

  private resend(server: number): void {
    const icp = this.icps[server]!;
    if (icp.mfrr < icp.xirr >>> 24) this.checkIpi(server);
    for (let i = 0; i < XICS_IRQ_COUNT; i++) {
      const source = this.sources[i]!;
      if (source.lsi) this.resendLsi(i + XICS_IRQ_BASE);
      else if ((source.status & STATUS_REJECTED) !== 0) {
        source.status &= ~STATUS_REJECTED;
        if (source.priority !== XICS_PRIORITY_NONE) this.present(source.server, i + XICS_IRQ_BASE, source.priority);
      }
    }
  }

  private resendLsi(nr: number): void {
    const source = this.sources[nr - XICS_IRQ_BASE]!;
    if (source.priority !== XICS_PRIORITY_NONE && (source.status & STATUS_ASSERTED) !== 0 && (source.status & STATUS_SENT) === 0) {
      source.status |= STATUS_SENT;
      this.present(source.server, nr, source.priority);
    }
  }

  /** Offers source `nr` at `priority` to `server`: taken if more favoured than its CPPR and what it holds. */
  private present(server: number, nr: number, priority: number): void {
    const icp = this.icps[server];
    if (!icp) { this.reject(nr); return; }
    const xisr = icp.xirr & XISR_MASK;
    if (priority >= icp.xirr >>> 24 || (xisr !== 0 && icp.pendingPriority <= priority)) {
      this.reject(nr);
      return;
    }
    if (xisr !== 0) this.reject(xisr);
    icp.xirr = ((icp.xirr & ~XISR_MASK) | (nr & XISR_MASK)) >>> 0;
    icp.pendingPriority = priority;
    this.output(server, true);
  }

  /** The ICP could not take `nr`: an MSI is remembered for a resend, an LSI is sent again while asserted. */
  private reject(nr: number): void {
    if (!this.validIrq(nr)) return; // the IPI needs no ICS bookkeeping
    const source = this.sources[nr - XICS_IRQ_BASE]!;
    source.status = (source.status | STATUS_REJECTED) & ~STATUS_SENT;
  }
}
