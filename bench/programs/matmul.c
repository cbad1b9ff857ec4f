/* Dense f64 matrix multiply (i-k-j order): f64 loads, multiply-add, strided address arithmetic. */
#include "common.h"

#ifndef N
#define N 400
#endif
static double A[N * N], B[N * N], C[N * N];

EXPORT("run") int run(void) {
  u32 s = 12345;
  for (int i = 0; i < N * N; i++) {
    A[i] = (double)(rng_next(&s) % 1000) / 100.0;
    B[i] = (double)(rng_next(&s) % 1000) / 100.0;
    C[i] = 0;
  }
  for (int i = 0; i < N; i++)
    for (int k = 0; k < N; k++) {
      double a = A[i * N + k];
      for (int j = 0; j < N; j++) C[i * N + j] += a * B[k * N + j];
    }
  double sum = 0;
  for (int i = 0; i < N * N; i++) sum += C[i] * (double)((i % 7) + 1);
  return (int)(sum / 1000.0);
}
