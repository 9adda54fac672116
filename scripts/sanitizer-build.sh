# Sourced by scripts/fuzz.sh and scripts/sanitize.sh: configures a clang-19
# build with sanitizers (docs/reliability.md).
#   configure_sanitizer_build DIR SANITIZERS
# SANITIZERS: address,undefined (with the libFuzzer harnesses) or thread.
# -O1 with line tables and assertions on: readable reports, usable speed.
configure_sanitizer_build() {
  local dir=$1 sanitizers=$2 fuzz=OFF
  bash scripts/install-deps.sh
  [ "$sanitizers" = thread ] || fuzz=ON
  if [ ! -f "$dir/build.ninja" ]; then
    CC=clang-19 CXX=clang++-19 cmake -G Ninja -S . -B "$dir" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
      -DASRC_SANITIZE="$sanitizers" -DASRC_FUZZ=$fuzz
  fi
}
