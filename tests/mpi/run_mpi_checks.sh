#!/usr/bin/env bash
# MPI tests (ctest "mpi: ..."): core/task_farm and `benign sweep` over 1, 2 and 3 ranks.
# Usage: run_mpi_checks.sh MPIEXEC FARM_CHECK BENIGN WHAT   (WHAT: farm | sweep | resume)
set -euo pipefail
mpiexec=$1 farm=$2 benign=$3 what=$4
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1  # CI runs as root
export OMPI_MCA_rmaps_base_oversubscribe=1                        # 3 ranks on 2 cores
run() { local np=$1; shift; timeout 120 "$mpiexec" --oversubscribe -np "$np" "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

case $what in
farm)
  # Same payloads, by index, for 1, 2, 3 ranks and 1 or 2 threads per rank; and alone (no mpirun).
  "$farm" payloads 40 1 >"$tmp/alone" 2>/dev/null
  for np in 1 2 3; do
    for t in 1 2; do
      run "$np" "$farm" payloads 40 "$t" >"$tmp/np$np-t$t" 2>"$tmp/err" || { cat "$tmp/err"; fail "np=$np threads=$t exited $?"; }
      cmp -s "$tmp/alone" "$tmp/np$np-t$t" || fail "np=$np threads=$t: payloads differ from the one-process run"
    done
  done
  [ "$(wc -l <"$tmp/alone")" = 40 ] || fail "expected 40 payloads"
  # Load balancing: with 3 ranks every rank ran tasks.
  run 3 "$farm" payloads 40 1 >/dev/null 2>"$tmp/err"
  for r in 0 1 2; do grep -q "rank $r of 3 ran [1-9]" "$tmp/err" || { cat "$tmp/err"; fail "rank $r ran no task"; }; done
  # A task that throws: the job ends (no hang: timeout 120 s) with exit 1 and the task's message.
  for np in 1 2 3; do
    set +e; run "$np" "$farm" throw 30 17 >/dev/null 2>"$tmp/err"; rc=$?; set -e
    [ "$rc" = 1 ] || { cat "$tmp/err"; fail "throw, np=$np: exit $rc, expected 1"; }
    grep -q "task 17: injected failure" "$tmp/err" || { cat "$tmp/err"; fail "throw, np=$np: message missing"; }
  done
  # A rank that dies (SIGKILL): the job fails instead of hanging.
  set +e; run 3 "$farm" die 30 1 >/dev/null 2>"$tmp/err"; rc=$?; set -e
  [ "$rc" != 0 ] && [ "$rc" != 124 ] || { cat "$tmp/err"; fail "die: exit $rc (124 = hung until the timeout)"; }
  echo "farm: ok"
  ;;
*) fail "unknown check '$what'" ;;
esac
