/* glibc's printf family: integers, strings, doubles (%f %e %g %a), widths, snprintf. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  printf("hello from glibc, argc=%d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d]=\"%s\" (%zu)\n", i > 0 ? i : 0, i > 0 ? argv[i] : "prog", i > 0 ? strlen(argv[i]) : 4);
  printf("[%5d] [%-5d] [%05d] [%+d] [%x] [%#o] [%llu]\n", 42, 42, 42, 42, 0xbeef, 8, 18446744073709551615ULL);
  double v[] = { 0.0, -0.0, 1.0, 3.141592653589793, 1e-310, 6.02214076e23, -2.5, 1.0 / 3.0 };
  for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) printf("%f %e %g %.17g %a\n", v[i], v[i], v[i], v[i], v[i]);
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%s-%08.3f-%c", "pad", 2.75, 'z');
  printf("snprintf %d \"%s\"\n", n, buf);
  puts("done");
  return 0;
}
