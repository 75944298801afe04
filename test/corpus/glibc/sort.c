/* malloc/realloc/free, qsort with a comparison callback, strtod/strtol parsing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}
static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return x < y ? -1 : x > y;
}
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  const char *text = "3.5 -1e3 42 0.001 7e-2 1e308 -0.0 2.718281828459045 inf 12345678901234567890 0x1p-3";
  double *vals = NULL;
  size_t n = 0, cap = 0;
  const char *p = text;
  for (;;) {
    char *end;
    double d = strtod(p, &end);
    if (end == p) break;
    if (n == cap) { cap = cap ? 2 * cap : 2; vals = realloc(vals, cap * sizeof *vals); }
    vals[n++] = d;
    p = end;
  }
  qsort(vals, n, sizeof *vals, cmp_double);
  for (size_t i = 0; i < n; i++) printf("%zu: %.17g\n", i, vals[i]);
  free(vals);

  unsigned seed = 12345;
  enum { N = 2000 };
  long *big = malloc(N * sizeof *big);
  for (int i = 0; i < N; i++) { seed = seed * 1103515245u + 12345u; big[i] = (long)(seed >> 4) - (1L << 26); }
  qsort(big, N, sizeof *big, cmp_long);
  long sum = 0;
  for (int i = 0; i < N; i++) sum = sum * 31 + big[i];
  printf("sorted %d longs: first %ld last %ld hash %ld\n", N, big[0], big[N - 1], sum);
  free(big);

  char *words[] = { strdup("pear"), strdup("apple"), strdup("fig"), strdup("banana"), strdup("cherry") };
  qsort(words, 5, sizeof words[0], cmp_str);
  for (int i = 0; i < 5; i++) { printf("%s%c", words[i], i == 4 ? '\n' : ' '); free(words[i]); }
  printf("strtol %ld %ld %lu\n", strtol("-0x7fff", NULL, 16), strtol("0777", NULL, 0), strtoul("18446744073709551615", NULL, 10));
  return 0;
}
