#!/usr/bin/env bash
# Compiles the FAISS JNI library. Called by Maven (profile faiss-native) as
#   build.sh OUTPUT.so JNI_HEADER_DIR JAVA_HOME FAISS_LIB_DIR
# FAISS is linked statically (Debian ships libfaiss.a); OpenBLAS, LAPACK and libgomp stay
# shared, so a machine running the jar needs libopenblas0 and libgomp1.
set -euo pipefail
out="$1"; headers="$2"; java_home="$3"; lib_dir="$4"
src_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sources=("$src_dir"/*.cpp)

# skip the 10-20 s compile when no input changed (by content: javac rewrites the JNI header
# on every full recompile, so timestamps alone would rebuild each time)
stamp="$(dirname "$headers")/$(basename "$out").inputs.sha256" # outside the jar
inputs_hash="$(cat "${sources[@]}" "$src_dir"/*.h "$headers"/*.h "$0" | sha256sum | cut -d' ' -f1)"
if [[ -f "$out" && -f "$stamp" && "$(cat "$stamp")" == "$inputs_hash" ]]; then
  echo "faiss-native: $out is up to date"
  exit 0
fi

mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
echo "faiss-native: compiling ${#sources[@]} sources into $out"
g++ -std=c++17 -O3 -shared -fPIC -fvisibility=hidden -fopenmp \
    -Wall -Wextra -Wno-unused-parameter \
    -I"$headers" -I"$java_home/include" -I"$java_home/include/linux" -I"$src_dir" \
    "${sources[@]}" \
    -o "$tmp" \
    "$lib_dir/libfaiss.a" -lopenblas -llapack \
    -Wl,--no-undefined -Wl,--as-needed
mv -f "$tmp" "$out"
echo "$inputs_hash" > "$stamp"
