/* Quicksort of 1M pseudo-random ints (recursion, i32 compares, loads/stores), then a checked sum. */
#include "common.h"

#ifndef N
#define N (1 << 20)
#endif
static int a[N];

static void sort(int *v, int lo, int hi) {
  while (hi - lo > 16) {
    int p = v[lo + ((hi - lo) >> 1)];
    int i = lo, j = hi;
    while (i <= j) {
      while (v[i] < p) i++;
      while (v[j] > p) j--;
      if (i <= j) { int t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
    }
    /* Recurse into the smaller half, loop on the larger one. */
    if (j - lo < hi - i) { sort(v, lo, j); lo = i; }
    else { sort(v, i, hi); hi = j; }
  }
  for (int i = lo + 1; i <= hi; i++) {
    int x = v[i], j = i - 1;
    while (j >= lo && v[j] > x) { v[j + 1] = v[j]; j--; }
    v[j + 1] = x;
  }
}

EXPORT("run") int run(void) {
  u32 s = 2463534242u;
  for (int i = 0; i < N; i++) a[i] = (int)(rng_next(&s) >> 1) - 0x20000000;
  sort(a, 0, N - 1);
  u32 h = 0;
  for (int i = 0; i < N; i++) {
    if (i > 0 && a[i - 1] > a[i]) return -1;
    h = h * 31 + (u32)a[i];
  }
  return (int)h;
}
