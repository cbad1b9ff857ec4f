/* Shared helpers for the benchmark programs: no libc, no WASI imports. Each program exports
 * `int run(void)` returning a checksum that the harness compares between weft and the host. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

typedef unsigned int u32;
typedef unsigned long long u64;
typedef unsigned char u8;

#define EXPORT(name) __attribute__((export_name(name)))

/* xorshift32: deterministic input data. */
static inline u32 rng_next(u32 *s) {
  u32 x = *s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *s = x;
  return x;
}

#endif
