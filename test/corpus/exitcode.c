/* Exits with a non-zero status: argv[1] if given (exit_group), else 42. With
 * "thread" as argv[2] it ends through exit (the thread exit) instead. */
#include "lib.h"

int main(int argc, char **argv, char **envp)
{
	int code = argc > 1 ? (int)atol_(argv[1]) : 42;
	printf("exiting with %d\n", code);
	flush();
	if (argc > 2 && !strcmp(argv[2], "thread"))
		for (;;) syscall1(SYS_exit, code);
	return code;
}
