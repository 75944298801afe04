/* Dense switch statements (compiled to jump tables: mtctr/bctr), sparse ones
 * (compare trees) and a small bytecode interpreter whose dispatch is a switch. */
#include "lib.h"

static __attribute__((noinline)) int dense(int x)
{
	switch (x) {
	case 0: return 17;
	case 1: return 3;
	case 2: return x * 100;
	case 3: return -1;
	case 4: return 44;
	case 5: return 5;
	case 6: return 9999;
	case 7: return 70;
	case 8: return 0;
	case 9: return 81;
	case 10: return x ^ 0x55;
	case 11: return 12;
	case 12: return 1 << 20;
	default: return -100;
	}
}

static __attribute__((noinline)) const char *names(unsigned c)
{
	switch (c) {
	case 'a': case 'e': case 'i': case 'o': case 'u': return "vowel";
	case 'y': return "sometimes";
	case ' ': return "space";
	case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9': return "digit";
	case '.': case ',': case '!': case '?': return "punct";
	default: return c >= 'a' && c <= 'z' ? "consonant" : "other";
	}
}

static __attribute__((noinline)) long sparse(long x)
{
	switch (x) {
	case -1000000: return 1;
	case -5: return 2;
	case 0: return 3;
	case 77: return 4;
	case 1000: return 5;
	case 65536: return 6;
	case 0x7fffffff: return 7;
	default: return 0;
	}
}

/* a stack machine: push imm, add, sub, mul, dup, swap, jz, jmp, print, halt, dec, over */
enum { PUSH, ADD, SUB, MUL, DUP, SWAP, JZ, JMP, PRINT, HALT, DEC, OVER, DROP };
static long run_vm(const long *code)
{
	long stack[64];
	int sp = 0;
	long pc = 0, steps = 0;
	for (;;) {
		steps++;
		switch (code[pc++]) {
		case PUSH: stack[sp++] = code[pc++]; break;
		case ADD: sp--; stack[sp - 1] += stack[sp]; break;
		case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
		case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
		case DUP: stack[sp] = stack[sp - 1]; sp++; break;
		case SWAP: { long t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
		case JZ: { long t = code[pc++]; if (stack[--sp] == 0) pc = t; break; }
		case JMP: pc = code[pc]; break;
		case PRINT: printf("vm: %ld\n", stack[--sp]); break;
		case HALT: return steps;
		case DEC: stack[sp - 1]--; break;
		case OVER: stack[sp] = stack[sp - 2]; sp++; break;
		case DROP: sp--; break;
		default: printf("bad opcode\n"); return -1;
		}
	}
}

int main(int argc, char **argv, char **envp)
{
	long sum = 0;
	for (int i = -3; i < 20; i++) {
		printf("dense(%d) = %d\n", i, dense(i));
		sum += dense(i);
	}
	for (int r = 0; r < 10000; r++)
		sum += dense(r % 16) ^ r;
	printf("sum %ld\n", sum);
	const char *text = "hello, world! 42 eyes?";
	for (const char *p = text; *p; p++) printf("'%c' %s\n", *p, names((unsigned char)*p));
	const long probes[] = { -1000000, -5, -4, 0, 1, 77, 1000, 65535, 65536, 0x7fffffff, 0x80000000 };
	for (int i = 0; i < 11; i++) printf("sparse(%ld) = %ld\n", probes[i], sparse(probes[i]));
	/* factorial of 20 and a countdown loop, n! = loop { acc *= n; n-- } */
	const long fact[] = { PUSH, 1, PUSH, 20, /*4*/ DUP, JZ, 16, DUP, PUSH, 0, SWAP, SUB, DROP, SWAP, OVER, MUL, /*16*/ };
	(void)fact;
	const long prog[] = {
		PUSH, 1,            /* acc */
		PUSH, 20,           /* n */
		/* 4: */ DUP, JZ, 15, /* if n == 0 goto end */
		DUP,                /* acc n n */
		SWAP,               /* acc n n -> acc n n (no-op pair) */
		DROP,               /* acc n */
		SWAP, OVER,         /* n acc n */
		MUL,                /* n acc*n */
		SWAP, DEC,          /* acc*n n-1 */
		JMP, 4,
		/* 15 is in the middle above; fix below */
	};
	(void)prog;
	/* laid out explicitly with computed targets */
	long code[64];
	int k = 0;
	code[k++] = PUSH; code[k++] = 1;
	code[k++] = PUSH; code[k++] = 20;
	int loop = k;
	code[k++] = DUP; code[k++] = JZ; int patch = k; code[k++] = 0;
	code[k++] = SWAP; code[k++] = OVER; code[k++] = MUL; code[k++] = SWAP; code[k++] = DEC;
	code[k++] = JMP; code[k++] = loop;
	code[patch] = k;
	code[k++] = DROP; code[k++] = PRINT;
	code[k++] = PUSH; code[k++] = 1000; code[k++] = PUSH; code[k++] = 234; code[k++] = SUB; code[k++] = PRINT;
	code[k++] = HALT;
	printf("steps %ld\n", run_vm(code));
	return 0;
}
