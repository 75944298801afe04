/* Recursion (naive Fibonacci, Ackermann, Towers of Hanoi, mutual recursion,
 * a recursive-descent expression evaluator) and calls through function pointers
 * (tables, callbacks, a generic sort with comparators). */
#include "lib.h"

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static long ack(long m, long n)
{
	if (m == 0) return n + 1;
	if (n == 0) return ack(m - 1, 1);
	return ack(m - 1, ack(m, n - 1));
}

static long moves;
static void hanoi(int n, int from, int to, int via)
{
	if (n == 0) return;
	hanoi(n - 1, from, via, to);
	moves++;
	if (n >= 9) printf("move disk %d from %d to %d\n", n, from, to);
	hanoi(n - 1, via, to, from);
}

static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

/* expr := term (('+'|'-') term)* ; term := factor (('*'|'/'|'%') factor)* ; factor := num | '(' expr ')' | '-' factor */
static const char *pos;
static long expr(void);
static long factor(void)
{
	if (*pos == '(') { pos++; long v = expr(); pos++; return v; }
	if (*pos == '-') { pos++; return -factor(); }
	long v = 0;
	while (*pos >= '0' && *pos <= '9') v = v * 10 + (*pos++ - '0');
	return v;
}
static long term(void)
{
	long v = factor();
	for (;;) {
		char op = *pos;
		if (op != '*' && op != '/' && op != '%') return v;
		pos++;
		long r = factor();
		v = op == '*' ? v * r : op == '/' ? v / r : v % r;
	}
}
static long expr(void)
{
	long v = term();
	while (*pos == '+' || *pos == '-') {
		char op = *pos++;
		long r = term();
		v = op == '+' ? v + r : v - r;
	}
	return v;
}

typedef long (*binop)(long, long);
static long add(long a, long b) { return a + b; }
static long sub(long a, long b) { return a - b; }
static long mul(long a, long b) { return a * b; }
static long maxf(long a, long b) { return a > b ? a : b; }
static long gcd(long a, long b) { return b ? gcd(b, a % b) : a; }
static const struct { const char *name; binop f; } ops[] = { { "add", add }, { "sub", sub }, { "mul", mul }, { "max", maxf }, { "gcd", gcd } };

static long fold(binop f, const long *v, int n, long init)
{
	for (int i = 0; i < n; i++) init = f(init, v[i]);
	return init;
}

typedef int (*cmpfn)(const void *, const void *);
static int cmp_asc(const void *a, const void *b) { long x = *(const long *)a, y = *(const long *)b; return (x > y) - (x < y); }
static int cmp_desc(const void *a, const void *b) { return cmp_asc(b, a); }
static int cmp_abs(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	x = x < 0 ? -x : x; y = y < 0 ? -y : y;
	return (x > y) - (x < y);
}
static void swap(char *a, char *b, size_t n) { while (n--) { char t = *a; *a++ = *b; *b++ = t; } }
/* recursive generic quicksort, comparator through a pointer */
static void gsort(void *base, long n, size_t size, cmpfn cmp)
{
	if (n < 2) return;
	char *a = base;
	swap(a, a + (size_t)(n / 2) * size, size);
	long last = 0;
	for (long i = 1; i < n; i++)
		if (cmp(a + (size_t)i * size, a) < 0)
			swap(a + (size_t)(++last) * size, a + (size_t)i * size, size);
	swap(a, a + (size_t)last * size, size);
	gsort(a, last, size, cmp);
	gsort(a + (size_t)(last + 1) * size, n - last - 1, size, cmp);
}

/* deep recursion: 20000 frames on the stack */
static __attribute__((noinline)) long depth(long n, volatile char *prev)
{
	volatile char frame[32];
	frame[0] = (char)n;
	if (n == 0) return prev ? prev[0] : 0;
	return depth(n - 1, frame) + frame[0];
}

int main(int argc, char **argv, char **envp)
{
	for (int i = 0; i <= 25; i += 5) printf("fib(%d) = %ld\n", i, fib(i));
	for (long m = 0; m <= 3; m++)
		for (long n = 0; n <= 4; n++) printf("ack(%ld,%ld) = %ld\n", m, n, ack(m, n));
	hanoi(10, 1, 3, 2);
	printf("hanoi moves %ld\n", moves);
	printf("even(1001) %d odd(777) %d\n", is_even(1001), is_odd(777));
	const char *exprs[] = { "1+2*3", "(1+2)*3", "-(4-10)*(3+-2)", "100/7%4", "((((((1))))))+2*(3*(4*(5+6)))", "2*3*4*5*6*7*8*9*10*11*12*13*14*15" };
	for (int i = 0; i < 6; i++) {
		pos = exprs[i];
		printf("%s = %ld\n", exprs[i], expr());
	}
	const long vals[] = { 12, -7, 30, 18, 42, -3, 6 };
	for (int i = 0; i < 5; i++) printf("fold %s = %ld\n", ops[i].name, fold(ops[i].f, vals, 7, i == 2 ? 1 : 0));
	long arr[40];
	const cmpfn cmps[] = { cmp_asc, cmp_desc, cmp_abs };
	for (int c = 0; c < 3; c++) {
		for (int i = 0; i < 40; i++) arr[i] = (long)((i * 7919 + c * 13) % 101) - 50;
		gsort(arr, 40, sizeof arr[0], cmps[c]);
		for (int i = 0; i < 40; i++) printf("%ld%c", arr[i], i == 39 ? '\n' : ' ');
	}
	printf("depth %ld\n", depth(20000, 0));
	return 0;
}
