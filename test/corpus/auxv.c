/* Prints the initial process stack as the kernel (or hvstep) laid it out: the
 * stack pointer, argc, argv, envp and every auxv entry, with the strings and
 * bytes the pointers lead to, and a few consistency checks. */
#include "lib.h"

#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_PLATFORM 15
#define AT_RANDOM 25
#define AT_EXECFN 31

extern char _start[];

static unsigned long getauxval(unsigned long type)
{
	for (unsigned long *a = auxv; a[0]; a += 2)
		if (a[0] == type) return a[1];
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	printf("sp %p aligned16 %d\n", (void *)initial_sp, ((unsigned long)initial_sp & 15) == 0);
	printf("argc %d\n", argc);
	printf("argv %p\n", (void *)argv);
	for (int i = 0; i < argc; i++) printf("argv[%d] %s\n", i, argv[i]);
	printf("argv[argc] %p\n", (void *)argv[argc]);
	int n = 0;
	for (char **e = envp; *e; e++) printf("envp[%d] %s\n", n++, *e);
	printf("envc %d\n", n);
	printf("auxv %p\n", (void *)auxv);
	for (unsigned long *a = auxv;; a += 2) {
		printf("auxv %lu 0x%lx\n", a[0], a[1]);
		if (!a[0]) break;
	}
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	const char *platform = (const char *)getauxval(AT_PLATFORM);
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	printf("execfn %s\n", execfn ? execfn : "(none)");
	printf("platform %s\n", platform ? platform : "(none)");
	printf("random ");
	for (int i = 0; rnd && i < 16; i++) printf("%02x", rnd[i]);
	printf("\n");
	/* AT_ENTRY is the ELF entry: _start (ELFv2) or its function descriptor (ELFv1) */
	printf("entry_is_start %d\n", getauxval(AT_ENTRY) == (unsigned long)_start);
	const unsigned int *ph = (const unsigned int *)getauxval(AT_PHDR);
	unsigned long phent = getauxval(AT_PHENT), phnum = getauxval(AT_PHNUM);
	int loads = 0;
	for (unsigned long i = 0; ph && i < phnum; i++)
		if (*(const unsigned int *)((const char *)ph + i * phent) == 1) loads++;
	printf("phent %lu phnum %lu pt_load %d\n", phent, phnum, loads);
	printf("pagesz %lu\n", getauxval(AT_PAGESZ));
	/* strings are above the tables, the tables are above sp */
	printf("layout %d\n", (unsigned long)argv == (unsigned long)initial_sp + 8 && (argc == 0 || (unsigned long)argv[0] > (unsigned long)auxv));
	return 0;
}
