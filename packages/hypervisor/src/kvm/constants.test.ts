import { describe, it, expect } from '@jest/globals';
import * as K from './constants.js';

// Every expected value below is written out from the header named in the comment.

describe('exit reasons (include/uapi/linux/kvm.h)', () => {
  it('match the header', () => {
    expect(K.KVM_EXIT_UNKNOWN).toBe(0);
    expect(K.KVM_EXIT_DEBUG).toBe(4);
    expect(K.KVM_EXIT_MMIO).toBe(6);
    expect(K.KVM_EXIT_SHUTDOWN).toBe(8);
    expect(K.KVM_EXIT_FAIL_ENTRY).toBe(9);
    expect(K.KVM_EXIT_INTR).toBe(10);
    expect(K.KVM_EXIT_INTERNAL_ERROR).toBe(17);
    expect(K.KVM_EXIT_PAPR_HCALL).toBe(19);
    expect(K.kvmExitName(4)).toBe('KVM_EXIT_DEBUG');
    expect(K.kvmExitName(99)).toBe('KVM_EXIT_99');
  });
});

describe('capabilities (include/uapi/linux/kvm.h)', () => {
  it('match the header', () => {
    expect(K.KVM_CAP_SET_GUEST_DEBUG).toBe(23);
    expect(K.KVM_CAP_ONE_REG).toBe(70);
    expect(K.KVM_CAP_GUEST_DEBUG_HW_BPS).toBe(119);
    expect(K.KVM_CAP_GUEST_DEBUG_HW_WPS).toBe(120);
    expect(K.KVM_CAP_PPC_GUEST_DEBUG_SSTEP).toBe(176);
  });
});

describe('guest debug (kvm.h, arch/powerpc/include/uapi/asm/kvm.h)', () => {
  it('control flags', () => {
    expect(K.KVM_GUESTDBG_ENABLE).toBe(0x1);
    expect(K.KVM_GUESTDBG_SINGLESTEP).toBe(0x2);
    expect(K.KVM_GUESTDBG_USE_SW_BP).toBe(0x00010000);
    expect(K.KVM_GUESTDBG_USE_HW_BP).toBe(0x00020000);
    expect(K.KVM_GUESTDBG_BLOCKIRQ).toBe(0x00100000); // x86's value, adopted (hvstep extension)
    expect(K.KVM_GUESTDBG_VALID_MASK).toBe(0x00130003);
  });

  it('breakpoint types / exit status', () => {
    expect(K.KVMPPC_DEBUG_NONE).toBe(0);
    expect(K.KVMPPC_DEBUG_BREAKPOINT).toBe(2);
    expect(K.KVMPPC_DEBUG_WATCH_WRITE).toBe(4);
    expect(K.KVMPPC_DEBUG_WATCH_READ).toBe(8);
    expect(K.KVMPPC_DEBUG_WATCH_ACCESS).toBe(12);
  });

  it('the software breakpoint instruction (asm/kvm_ppc.h) reads the same in both byte orders', () => {
    expect(K.KVMPPC_INST_SW_BREAKPOINT).toBe(0x00dddd00);
    const b = new DataView(new ArrayBuffer(4));
    b.setUint32(0, K.KVMPPC_INST_SW_BREAKPOINT, false);
    expect(b.getUint32(0, true)).toBe(K.KVMPPC_INST_SW_BREAKPOINT);
    expect(K.KVMPPC_INST_SW_BREAKPOINT >>> 26).toBe(0); // primary opcode 0: illegal
    expect(K.HVSC_INSTRUCTION).toBe(0x44000022);       // sc 1 (asm/hvcall.h HVSC)
    expect(K.KVMPPC_INST_SW_BREAKPOINT).not.toBe(K.HVSC_INSTRUCTION);
  });

  it('re-exports the one-reg ids', () => {
    // arch/powerpc/include/uapi/asm/kvm.h: (KVM_REG_PPC | KVM_REG_SIZE_U32 | 0x8b)
    expect(K.KVM_REG_PPC_DEBUG_INST).toBe(0x102000000000008bn);
  });
});

describe('PAPR hypercalls (arch/powerpc/include/asm/hvcall.h; QEMU include/hw/ppc/spapr.h)', () => {
  it('return codes', () => {
    expect(K.H_SUCCESS).toBe(0);
    expect(K.H_BUSY).toBe(1);
    expect(K.H_NOT_AVAILABLE).toBe(3);
    expect(K.H_HARDWARE).toBe(-1);
    expect(K.H_FUNCTION).toBe(-2);
    expect(K.H_PRIVILEGE).toBe(-3);
    expect(K.H_PARAMETER).toBe(-4);
    expect(K.H_P2).toBe(-55);
    expect(K.H_P3).toBe(-56);
    expect(K.H_P4).toBe(-57);
    expect(K.H_INTERRUPT).toBe(-69);
    expect(K.H_UNSUPPORTED_FLAG).toBe(-256);
    expect(K.H_UNSUPPORTED_FLAG_START).toBe(-256);
    expect(K.H_UNSUPPORTED_FLAG_END).toBe(-511);
    expect(K.H_TOO_HARD).toBe(9999);
  });

  it('return codes as the guest sees them in r3', () => {
    expect(K.hcallReturnToU64(K.H_SUCCESS)).toBe(0n);
    expect(K.hcallReturnToU64(K.H_FUNCTION)).toBe(0xfffffffffffffffen);
    expect(K.hcallReturnToU64(K.H_UNSUPPORTED_FLAG)).toBe(0xffffffffffffff00n);
    expect(() => K.hcallReturnToU64(0.5)).toThrow(RangeError);
  });

  it('hypercall numbers', () => {
    expect(K.H_SET_DABR).toBe(0x28);
    expect(K.H_GET_TERM_CHAR).toBe(0x54);
    expect(K.H_PUT_TERM_CHAR).toBe(0x58);
    expect(K.H_IPI).toBe(0x6c);
    expect(K.H_REGISTER_VPA).toBe(0xdc);
    expect(K.H_CEDE).toBe(0xe0);
    expect(K.H_CONFER).toBe(0xe4);
    expect(K.H_PROD).toBe(0xe8);
    expect(K.H_SET_XDABR).toBe(0x134);
    expect(K.H_RANDOM).toBe(0x300);
    expect(K.H_SET_MODE).toBe(0x31c);
    expect(K.H_REGISTER_PROC_TBL).toBe(0x37c);
    expect(K.KVMPPC_H_RTAS).toBe(0xf000);
    expect(K.H_RTAS).toBe(0xf000);
    // the XICS, shared-processor and speculation calls the machine serves (hvcall.h)
    expect(K.H_EOI).toBe(0x64);
    expect(K.H_CPPR).toBe(0x68);
    expect(K.H_IPOLL).toBe(0x70);
    expect(K.H_XIRR).toBe(0x74);
    expect(K.H_XIRR_X).toBe(0x2fc);
    expect(K.H_GET_CPU_CHARACTERISTICS).toBe(0x1c8);
    expect(K.H_RESOURCE).toBe(-16);
    // hvcall.h's H_CPU_* bits are IBM bit numbers: PPC_BIT(n) = 1 << (63 - n)
    expect(K.H_CPU_CHAR_BRANCH_HINTS_HONORED).toBe(1n << (63n - 5n));
    expect(K.H_CPU_BEHAV_FAVOUR_SECURITY).toBe(1n << (63n - 0n));
    expect(K.H_CPU_BEHAV_NO_L1D_FLUSH_ENTRY).toBe(1n << (63n - 7n));
    expect(K.H_CPU_BEHAV_NO_L1D_FLUSH_UACCESS).toBe(1n << (63n - 8n));
    expect(K.H_CPU_BEHAV_NO_STF_BARRIER).toBe(1n << (63n - 9n));
    // every PAPR hcall number is a multiple of 4
    for (const n of [K.H_GET_TERM_CHAR, K.H_PUT_TERM_CHAR, K.H_EOI, K.H_CPPR, K.H_IPOLL, K.H_XIRR, K.H_XIRR_X, K.H_GET_CPU_CHARACTERISTICS, K.H_CEDE, K.H_CONFER, K.H_PROD, K.H_RANDOM, K.H_SET_MODE, K.H_REGISTER_PROC_TBL, K.KVMPPC_H_RTAS]) {
      expect(n % 4).toBe(0);
    }
  });

  it('H_SET_MODE resources and values', () => {
    expect(K.H_SET_MODE_RESOURCE_SET_CIABR).toBe(1);
    expect(K.H_SET_MODE_RESOURCE_SET_DAWR0).toBe(2);
    expect(K.H_SET_MODE_RESOURCE_ADDR_TRANS_MODE).toBe(3);
    expect(K.H_SET_MODE_RESOURCE_LE).toBe(4);
    expect(K.H_SET_MODE_RESOURCE_SET_DAWR1).toBe(5);
    expect(K.H_SET_MODE_ENDIAN_BIG).toBe(0);
    expect(K.H_SET_MODE_ENDIAN_LITTLE).toBe(1);
    expect(K.H_SET_MODE_ADDR_TRANS_NONE).toBe(0);
    expect(K.H_SET_MODE_ADDR_TRANS_0001_8000).toBe(2);
    expect(K.H_SET_MODE_ADDR_TRANS_C000_0000_0000_4000).toBe(3);
  });

  it('H_REGISTER_PROC_TBL flags', () => {
    expect(K.PROC_TABLE_OP_MASK).toBe(0x18);
    expect(K.PROC_TABLE_DEREG).toBe(0x10);
    expect(K.PROC_TABLE_NEW).toBe(0x18);
    expect(K.PROC_TABLE_TYPE_MASK).toBe(0x06);
    expect(K.PROC_TABLE_HPT_SLB).toBe(0x00);
    expect(K.PROC_TABLE_HPT_PT).toBe(0x02);
    expect(K.PROC_TABLE_RADIX).toBe(0x04);
    expect(K.PROC_TABLE_GTSE).toBe(0x01);
  });
});
