#!/bin/sh
# Rebuilds the benchmark programs: freestanding C (no libc, no WASI imports), each exporting
# `run() -> i32` (a checksum). Needs Debian's clang + lld:
#   apt-get install -y clang lld wasi-libc libclang-rt-dev-wasm32
set -eu
cd "$(dirname "$0")"
for src in sha256 nbody fannkuch matmul quicksort bytecode; do
  clang --target=wasm32-wasi -O2 -s -nostdlib -ffreestanding \
    -Wl,--no-entry -Wl,--export=run -Wl,--stack-first -Wl,-z,stack-size=1048576 \
    -o "$src.wasm" "$src.c"
  echo "built $src.wasm ($(wc -c < "$src.wasm") bytes)"
done
