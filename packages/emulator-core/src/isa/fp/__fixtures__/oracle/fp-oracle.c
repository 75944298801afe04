/*
 * Executes single PowerPC instructions under qemu-ppc64le and prints the
 * architected state they leave: the oracle for the floating-point tests.
 *
 * stdin, one case per line (hex, no 0x):
 *   WORD FPSCR CR F0 F1 F2 F3 F4 F5 F6 F7 G4 G5 G6 G7 REL MEM128
 * REL bit i set: G(4+i) is an offset into the 64-byte MEM buffer (the oracle
 * adds the buffer address before and subtracts it after).
 * stdout, one line per case:
 *   SIG F0 .. F7 FPSCR CR G4 G5 G6 G7 MEM128
 * SIG is 0, or signo:si_code when the instruction trapped (SIGILL 4, SIGFPE 8,
 * SIGSEGV 11, SIGBUS 7);
 * then the registers are those of the signal context.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

struct fcase {
    uint64_t f[8];
    uint64_t fpscr;
    uint64_t cr;
    uint64_t g[4];
    uint8_t mem[64];
} __attribute__((aligned(16)));

extern const char fp_stub_start[], fp_stub_slot[], fp_stub_end[];

static sigjmp_buf jb;
static volatile int sig_no, sig_code;
static struct fcase sig_state;

static void on_signal(int no, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    sig_no = no;
    sig_code = si->si_code;
    for (int i = 0; i < 8; i++) memcpy(&sig_state.f[i], &uc->uc_mcontext.fp_regs[i], 8);
    memcpy(&sig_state.fpscr, &uc->uc_mcontext.fp_regs[32], 8);
    sig_state.cr = uc->uc_mcontext.gp_regs[38];
    for (int i = 0; i < 4; i++) sig_state.g[i] = uc->uc_mcontext.gp_regs[4 + i];
    siglongjmp(jb, 1);
}

static void clear_fpscr(void)
{
    double z = 0;
    __asm__ volatile("mtfsf 0xff, %0, 1, 0" : : "d"(z));
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int main(void)
{
    size_t len = fp_stub_end - fp_stub_start;
    size_t slot = fp_stub_slot - fp_stub_start;
    uint8_t *page = mmap(NULL, 65536, PROT_READ | PROT_WRITE | PROT_EXEC,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) { perror("mmap"); return 1; }
    memcpy(page, fp_stub_start, len);
    void (*fn)(struct fcase *) = (void (*)(struct fcase *))page;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    static char line[1024];
    static struct fcase c;
    while (fgets(line, sizeof line, stdin)) {
        unsigned long long v[16];
        char memhex[200];
        if (sscanf(line, "%llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %199s",
                   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9], &v[10],
                   &v[11], &v[12], &v[13], &v[14], &v[15], memhex) != 17) {
            fprintf(stderr, "bad line: %s", line);
            return 2;
        }
        uint32_t word = (uint32_t)v[0];
        memset(&c, 0, sizeof c);
        c.fpscr = v[1];
        c.cr = v[2];
        for (int i = 0; i < 8; i++) c.f[i] = v[3 + i];
        unsigned rel = (unsigned)v[15];
        for (int i = 0; i < 4; i++) c.g[i] = v[11 + i] + ((rel >> i) & 1 ? (uint64_t)(uintptr_t)c.mem : 0);
        for (int i = 0; i < 64; i++) c.mem[i] = (uint8_t)(hexval(memhex[2 * i]) * 16 + hexval(memhex[2 * i + 1]));
        memcpy(page + slot, &word, 4);
        __builtin___clear_cache((char *)page, (char *)page + len);

        sig_no = 0;
        sig_code = 0;
        if (sigsetjmp(jb, 1) == 0) {
            fn(&c);
        } else {
            clear_fpscr();
            memcpy(c.f, sig_state.f, sizeof c.f);
            c.fpscr = sig_state.fpscr;
            c.cr = sig_state.cr & 0xffffffffu;
            memcpy(c.g, sig_state.g, sizeof c.g);
        }
        for (int i = 0; i < 4; i++) c.g[i] -= ((rel >> i) & 1 ? (uint64_t)(uintptr_t)c.mem : 0);
        if (sig_no) printf("%d:%d", sig_no, sig_code); else printf("0");
        for (int i = 0; i < 8; i++) printf(" %016llx", (unsigned long long)c.f[i]);
        printf(" %016llx %08llx", (unsigned long long)c.fpscr, (unsigned long long)(c.cr & 0xffffffffu));
        for (int i = 0; i < 4; i++) printf(" %016llx", (unsigned long long)c.g[i]);
        printf(" ");
        for (int i = 0; i < 64; i++) printf("%02x", c.mem[i]);
        printf("\n");
        fflush(stdout);
    }
    return 0;
}
