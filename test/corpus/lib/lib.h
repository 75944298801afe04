/* The corpus programs' tiny freestanding runtime: start-up, memory and string
 * functions (which GCC may also call), buffered output and a printf. */
#ifndef CORPUS_LIB_H
#define CORPUS_LIB_H
#include "sys.h"

typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)

extern char **environ;
extern unsigned long *auxv;
/* r1 at process entry: the address of argc */
extern long *initial_sp;

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

/* output: stdout is buffered and flushed at exit, stderr is not */
void flush(void);
void putch(int c);
void puts_(const char *s);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* number parsing */
long atol_(const char *s);
unsigned long strtoul_(const char *s, const char **end, int base);

__attribute__((noreturn)) void exit(int code);
int main(int argc, char **argv, char **envp);

#endif
