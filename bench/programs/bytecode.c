/* A small stack-machine bytecode interpreter (switch dispatch → br_table, an operand stack in
 * memory) running a nested-loop program: the classic shape of an interpreter inside wasm. */
#include "common.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, XOR, SHR, LT, JZ, JMP, HALT };

/* locals: 0 = i, 1 = j, 2 = acc, 3 = n */
static const int prog[] = {
  PUSH, 0, STORE, 0,                        /*  0: i = 0 */
  LOAD, 0, LOAD, 3, LT, JZ, 63,             /*  4: while (i < n) { */
  PUSH, 0, STORE, 1,                        /* 11:   j = 0 */
  LOAD, 1, PUSH, 100, LT, JZ, 54,           /* 15:   while (j < 100) { */
  LOAD, 2, PUSH, 31, MUL, LOAD, 0, ADD,     /* 22:     acc = (acc * 31 + i) */
  LOAD, 1, XOR, STORE, 2,                   /* 30:           ^ j */
  LOAD, 2, PUSH, 7, SHR, LOAD, 2, XOR,      /* 35:     acc ^= acc >> 7 */
  STORE, 2,
  LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, 15, /* 45:     j++ } */
  LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, 4,  /* 54:   i++ } */
  HALT,                                     /* 63 */
};

static int interp(const int *code, int n) {
  int stack[64];
  int locals[4] = {0, 0, 0, n};
  int sp = 0, pc = 0;
  for (;;) {
    switch (code[pc++]) {
      case PUSH: stack[sp++] = code[pc++]; break;
      case LOAD: stack[sp++] = locals[code[pc++]]; break;
      case STORE: locals[code[pc++]] = stack[--sp]; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
      case SHR: sp--; stack[sp - 1] = (int)((u32)stack[sp - 1] >> stack[sp]); break;
      case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case JZ: { int t = code[pc++]; if (stack[--sp] == 0) pc = t; break; }
      case JMP: pc = code[pc]; break;
      case HALT: return locals[2];
      default: return -1;
    }
  }
}

#ifndef ITER
#define ITER 20000
#endif

EXPORT("run") int run(void) { return interp(prog, ITER); }
