/*
 * Memory: a bump allocator of real memory after the kernel image, and the radix
 * page tables (Power ISA 3.0 Book III 6.7.10; POWER9's 52-bit tree with a
 * 2^13-entry root and 2^9-entry lower levels, Linux's 4K geometry).
 *  - PID 0 (quadrant 3, EA 0xc000000000000000 + x): all RAM, 2 MiB pages,
 *    privileged, read/write/execute.
 *  - PID 1 (quadrant 0): the user process, 4 KiB user pages: its code read and
 *    execute at USER_TEXT_BASE (the .user segment of this image), its data and
 *    stack read and write; with bootargs ail=2 also the AIL=2 vectors at EA
 *    0x18000 (privileged, execute).
 * The process table (PATS = 0: 4 KiB, 256 entries) is registered with
 * H_REGISTER_PROC_TBL. Entries are big-endian whatever MSR[LE] is.
 */
#include "kernel.h"

#define PTE_VALID   (1UL << 63)
#define PTE_LEAF    (1UL << 62)
#define PTE_R       0x100UL        /* referenced */
#define PTE_C       0x080UL        /* changed */
#define PTE_PRIV    0x8UL
#define PTE_READ    0x4UL
#define PTE_RW      0x2UL
#define PTE_EXEC    0x1UL
#define PDE_NLB     0x0fffffffffffff00UL
#define RTS_52      ((0x2UL << 61) | (0x5UL << 5))   /* RTS = 21: a 2^52-byte tree */
#define ROOT_NLS    13
#define LEVEL_NLS   9

#define KERNEL_PAGE_FLAGS (PTE_R | PTE_C | PTE_PRIV | PTE_READ | PTE_RW | PTE_EXEC)
#define USER_TEXT_FLAGS   (PTE_R | PTE_READ | PTE_EXEC)
#define USER_DATA_FLAGS   (PTE_R | PTE_C | PTE_READ | PTE_RW)
#define KERNEL_AIL2_FLAGS (PTE_R | PTE_PRIV | PTE_READ | PTE_EXEC)
#define AIL2_VECTORS_EA   0x18000UL

/* Allocations stay below the firmware (16 MiB), which the vmm loads there. */
#define ALLOC_LIMIT (16UL << 20)

static uint64_t next_free;
static uint64_t process_table, kernel_root, user_root;
static uint64_t user_data_phys, user_stack_phys;

uint64_t alloc_phys(uint64_t size, uint64_t align)
{
	if (!next_free) next_free = __pa(_end);
	uint64_t p = (next_free + align - 1) & ~(align - 1);
	if (p + size > ALLOC_LIMIT || p + size > machine.memory_size)
		panic(EXIT_SELFTEST, "kernel: out of memory allocating %lu bytes\n", (unsigned long)size);
	next_free = p + size;
	memset(__va(p), 0, size);
	return p;
}

static uint64_t *entry_in(uint64_t table, unsigned index)
{
	return (uint64_t *)__va(table) + index;
}

/* The next-level table an entry points to, created if missing. */
static uint64_t next_table(uint64_t *entry)
{
	uint64_t e = be64(*entry);
	if (e & PTE_VALID) {
		if (e & PTE_LEAF) panic(EXIT_SELFTEST, "kernel: page table conflict\n");
		return e & PDE_NLB;
	}
	uint64_t t = alloc_phys(8UL << LEVEL_NLS, 8UL << LEVEL_NLS);
	*entry = be64(PTE_VALID | t | LEVEL_NLS);
	return t;
}

/* Maps one page of 4 KiB (level 3), 2 MiB (level 2) or 1 GiB (level 1). */
static void map_page(uint64_t root, uint64_t ea, uint64_t pa, int level, uint64_t flags)
{
	static const int shift[4] = { 39, 30, 21, 12 };
	uint64_t table = root;
	ea &= (1UL << 52) - 1;                   /* the quadrant bits select the PID, not the entry */
	for (int l = 0; l < level; l++) {
		unsigned index = (ea >> shift[l]) & (l == 0 ? 0x1fff : 0x1ff);
		table = next_table(entry_in(table, index));
	}
	unsigned index = (ea >> shift[level]) & 0x1ff;
	*entry_in(table, index) = be64(PTE_VALID | PTE_LEAF | pa | flags);
}

static void set_process_entry(unsigned pid, uint64_t root)
{
	uint64_t *e = entry_in(process_table, 2 * pid);
	e[0] = be64(RTS_52 | root | ROOT_NLS);
	e[1] = 0;
}

uint64_t user_text_phys(void)
{
	return (uint64_t)__user_phys;
}

/* Fresh user data and stack for a new run of the process. */
void mmu_reset_user(void)
{
	memset(__va(user_data_phys), 0, USER_DATA_SIZE);
	memset(__va(user_stack_phys), 0, USER_STACK_SIZE);
}

/* Builds the tables and registers the process table; relocation is still off. */
void mmu_init(void)
{
	process_table = alloc_phys(4096, 4096);
	kernel_root = alloc_phys(8UL << ROOT_NLS, 8UL << ROOT_NLS);
	user_root = alloc_phys(8UL << ROOT_NLS, 8UL << ROOT_NLS);

	uint64_t ram = (machine.memory_size + (2UL << 20) - 1) & ~((2UL << 20) - 1);
	for (uint64_t pa = 0; pa < ram; pa += 2UL << 20)
		map_page(kernel_root, KERNELBASE + pa, pa, 2, KERNEL_PAGE_FLAGS);

	uint64_t text = user_text_phys();
	uint64_t text_size = (uint64_t)(__user_end - __user_start);
	for (uint64_t off = 0; off < text_size; off += PAGE_SIZE)
		map_page(user_root, USER_TEXT_BASE + off, text + off, 3, USER_TEXT_FLAGS);
	user_data_phys = alloc_phys(USER_DATA_SIZE, PAGE_SIZE);
	for (uint64_t off = 0; off < USER_DATA_SIZE; off += PAGE_SIZE)
		map_page(user_root, USER_DATA_BASE + off, user_data_phys + off, 3, USER_DATA_FLAGS);
	user_stack_phys = alloc_phys(USER_STACK_SIZE, PAGE_SIZE);
	for (uint64_t off = 0; off < USER_STACK_SIZE; off += PAGE_SIZE)
		map_page(user_root, USER_STACK_TOP - USER_STACK_SIZE + off, user_stack_phys + off, 3, USER_DATA_FLAGS);

	/* AIL=2: the interrupt vectors at EA 0x18000 are PID 1's (quadrant 0), a privileged page of the kernel image */
	if (kernel_ail == 2)
		map_page(user_root, AIL2_VECTORS_EA, __pa(ail2_vectors), 3, KERNEL_AIL2_FLAGS);

	set_process_entry(0, kernel_root);
	set_process_entry(1, user_root);
	__asm__ volatile("ptesync" : : : "memory");

	long rc = hcall(H_REGISTER_PROC_TBL, PROC_TABLE_NEW | PROC_TABLE_RADIX | PROC_TABLE_GTSE,
			process_table, 0, 0);
	if (rc != H_SUCCESS) panic(EXIT_SELFTEST, "kernel: H_REGISTER_PROC_TBL failed: %ld\n", rc);
	kprintf("kernel: radix tables: process table 0x%lx, PID 0 root 0x%lx (%lu MiB in 2 MiB pages), PID 1 root 0x%lx\n",
		(unsigned long)process_table, (unsigned long)kernel_root, (unsigned long)(ram >> 20), (unsigned long)user_root);
}
