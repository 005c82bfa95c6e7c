#!/usr/bin/env bash
# Installs what is missing (Debian packages only) and builds benign into ./build.
# Usage: bash tools/setup.sh            (run as root on Debian 12)
set -euo pipefail
cd "$(dirname "$0")/.."
PKGS=(build-essential cmake libeigen3-dev libboost-dev libmpfr-dev libgmp-dev libqd-dev catch2 libbenchmark-dev
      libcli11-dev nlohmann-json3-dev libtomlplusplus-dev librsvg2-bin clang libfuzzer-14-dev
      texlive-latex-recommended  # pdflatex + booktabs: the LaTeX tables are compiled in the tests
      libopenmpi-dev openmpi-bin)  # MPI: `mpirun -np K benign sweep`, tested with 1-3 ranks
missing=()
for p in "${PKGS[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
