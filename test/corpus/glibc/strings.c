/* glibc's string and memory functions on unaligned buffers of many lengths, and a heap of small blocks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  char a[300], b[300];
  unsigned long h = 0;
  for (int len = 0; len < 200; len += 7) {
    for (int off = 0; off < 16; off += 5) {
      memset(a, 'x', sizeof a);
      for (int i = 0; i < len; i++) a[off + i] = (char)('a' + (i * 7 + off) % 26);
      a[off + len] = 0;
      memcpy(b + (off ^ 3), a + off, len + 1);
      h = h * 131 + strlen(b + (off ^ 3)) + (unsigned long)strcmp(a + off, b + (off ^ 3));
      h = h * 131 + (unsigned long)(strchr(a + off, 'q') ? strchr(a + off, 'q') - (a + off) : -1);
      h = h * 131 + (unsigned long)memcmp(a + off, b + (off ^ 3), len);
    }
  }
  printf("hash %lu\n", h);
  char *blocks[64];
  for (int round = 0; round < 4; round++) {
    for (int i = 0; i < 64; i++) { blocks[i] = malloc(1 + (i * 37 + round * 11) % 500); memset(blocks[i], i, 1); }
    for (int i = 0; i < 64; i += 2) free(blocks[i]);
    for (int i = 1; i < 64; i += 2) free(blocks[i]);
  }
  char *s = strdup("The quick brown fox jumps over the lazy dog");
  printf("%s | %zu | %s | %s\n", s, strlen(s), strstr(s, "fox"), strrchr(s, 'o'));
  free(s);
  return 0;
}
