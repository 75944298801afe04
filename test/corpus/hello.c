/* The smallest check: output, argv and the exit status. */
#include "lib.h"

int main(int argc, char **argv, char **envp)
{
	printf("hello, world\n");
	printf("argc=%d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d]=\"%s\"\n", i, argv[i]);
	return 0;
}
