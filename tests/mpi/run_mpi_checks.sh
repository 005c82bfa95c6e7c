#!/usr/bin/env bash
# MPI tests (ctest "mpi: ..."): core/task_farm, `benign sweep` and `benign verify` over 1, 2 and 3 ranks.
# Usage: run_mpi_checks.sh MPIEXEC FARM_CHECK BENIGN WHAT   (WHAT: farm | sweep | resume | verify)
set -euo pipefail
mpiexec=$1 farm=$2 benign=$3 what=$4
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1  # CI runs as root
export OMPI_MCA_rmaps_base_oversubscribe=1                        # 3 ranks on 2 cores
run() { local np=$1; shift; timeout 120 "$mpiexec" --oversubscribe -np "$np" "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# Start `mpirun -np NP benign ARGS... --out OUT` in the background and SIGKILL mpirun once FILE has at
# least MIN lines after its first SKIP; the ranks must not outlive their mpirun (they would go on writing).
kill_mid_run() {
  local np=$1 out=$2 file=$3 skip=$4 min=$5; shift 5
  "$mpiexec" --oversubscribe -np "$np" "$benign" "$@" --out "$out" >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 1 2400); do
    [ "$(tail -n +$((skip + 1)) "$file" 2>/dev/null | grep -c '')" -ge "$min" ] && break
    sleep 0.05
  done
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  for _ in $(seq 1 200); do pgrep -f -- "--out $out" >/dev/null || break; sleep 0.05; done
  ! pgrep -f -- "--out $out" >/dev/null || fail "ranks survived their killed mpirun"
}
# FILE up to its last newline (a torn last line is no finished run), into OUT.
complete_lines() {
  local content
  content=$(cat "$1"; echo x); content=${content%x}
  printf '%s' "${content%"${content##*$'\n'}"}" >"$2"
}

case $what in
farm)
  # Same payloads, by index, for 1, 2, 3 ranks and 1 or 2 threads per rank; and alone (no mpirun).
  "$farm" payloads 40 1 >"$tmp/alone" 2>/dev/null
  for np in 1 2 3; do
    for t in 1 2; do
      run "$np" "$farm" payloads 40 "$t" >"$tmp/np$np-t$t" 2>"$tmp/err" || { cat "$tmp/err"; fail "np=$np threads=$t exited $?"; }
      cmp -s "$tmp/alone" "$tmp/np$np-t$t" || fail "np=$np threads=$t: payloads differ from the one-process run"
      run "$np" "$farm" pieces 40 "$t" >"$tmp/pieces" 2>"$tmp/err" || { cat "$tmp/err"; fail "pieces np=$np threads=$t exited $?"; }
      cmp -s "$tmp/alone" "$tmp/pieces" || fail "np=$np threads=$t: payloads sent in pieces differ from the one-process run"
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
sweep)
  # `benign sweep` writes the same sweep.csv and sweep.md bytes for 1, 2, 3 ranks x 1, 2 threads as
  # one process alone.
  args=(sweep --x d=200:1000:200 --y mu=5,40 --n-test 50 --steps 2000 --every 500 --quiet)
  "$benign" "${args[@]}" --threads 1 --out "$tmp/alone" >/dev/null
  for np in 1 2 3; do
    for t in 1 2; do
      run "$np" "$benign" "${args[@]}" --threads "$t" --out "$tmp/np$np-t$t" >"$tmp/out" 2>"$tmp/err" ||
        { cat "$tmp/out" "$tmp/err"; fail "sweep np=$np threads=$t exited $?"; }
      grep -q "sweep: 10 cells finished (0 resumed)" "$tmp/out" || { cat "$tmp/out"; fail "sweep np=$np: summary line"; }
      for f in sweep.csv sweep.md; do
        cmp -s "$tmp/alone/$f" "$tmp/np$np-t$t/$f" || fail "sweep np=$np threads=$t: $f differs from the one-process run"
      done
    done
  done
  # Bad input is refused by every rank alike: exit 2, one message, nothing written.
  set +e; run 2 "$benign" sweep --x d=200,400 --no-y --precision bogus --out "$tmp/bad" >/dev/null 2>"$tmp/err"; rc=$?; set -e
  [ "$rc" = 2 ] || { cat "$tmp/err"; fail "bad input under mpirun: exit $rc, expected 2"; }
  [ "$(grep -c "benign: error:" "$tmp/err")" = 1 ] || { cat "$tmp/err"; fail "bad input: expected one message"; }
  [ ! -e "$tmp/bad" ] || fail "bad input: $tmp/bad was written"
  # Commands that run one simulation are refused under mpirun.
  set +e; run 2 "$benign" simulate --steps 10 --out "$tmp/sim" >/dev/null 2>"$tmp/err"; rc=$?; set -e
  [ "$rc" = 2 ] && grep -q "runs in one process" "$tmp/err" || { cat "$tmp/err"; fail "simulate under mpirun: exit $rc"; }
  echo "sweep: ok"
  ;;
resume)
  # SIGKILL to mpirun mid-sweep (2 ranks), rerun with 3 ranks: the finished cells are resumed, none
  # is run twice (the journal before the kill is an unchanged prefix), and sweep.csv is byte for
  # byte the one-process run's.
  args=(sweep --x d=200:2000:200 --no-y --n-test 50 --steps 6000 --every 2000 --threads 1 --quiet)
  "$benign" "${args[@]}" --out "$tmp/alone" >/dev/null
  kill_mid_run 2 "$tmp/killed" "$tmp/killed/cells.csv" 1 2 "${args[@]}"
  complete_lines "$tmp/killed/cells.csv" "$tmp/before"
  finished=$(($(wc -l <"$tmp/before") - 1))
  [ "$finished" -ge 2 ] && [ "$finished" -lt 10 ] || fail "killed after $finished cells (expected mid-sweep)"
  [ ! -e "$tmp/killed/sweep.csv" ] || fail "sweep.csv written by the killed job"
  run 3 "$benign" "${args[@]}" --out "$tmp/killed" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "rerun exited $?"; }
  grep -q "($finished resumed)" "$tmp/out" || { cat "$tmp/out"; fail "rerun: expected ($finished resumed)"; }
  cmp -s "$tmp/before" <(head -c "$(wc -c <"$tmp/before")" "$tmp/killed/cells.csv") || fail "journal rows before the kill changed"
  [ "$(tail -n +2 "$tmp/killed/cells.csv" | cut -d, -f1 | sort -u | wc -l)" = 10 ] || fail "journal: not 10 distinct cells"
  [ "$(tail -n +2 "$tmp/killed/cells.csv" | wc -l)" = 10 ] || fail "journal: a cell appears twice"
  cmp -s "$tmp/alone/sweep.csv" "$tmp/killed/sweep.csv" || fail "resumed sweep.csv differs from the one-process run"
  echo "resume: ok"
  ;;
verify)
  # `benign verify` (a case of 3 seeds, the phase grid, both exponent lines and their window controls, several heads,
  # the long horizon) writes the same verdicts.json (but its timings: elapsed, cpu_s), the same figures and prints
  # the same summary for 1, 2, 3 ranks as one process alone on 1 or 2 threads.
  printf '[[case]]\nname = "tiny"\nd = 300\nmu = 8\n' >"$tmp/cases.toml"
  args=(verify --quiet --cases "$tmp/cases.toml" --seeds 3 --grid --exponents --exponent-seeds 1 --exponent-mu-points 3
        --grid-seeds 1 --n 8 --n-test 50 --steps 200 --fixed-horizon --grid-n-test 20 --exponent-n-test 20
        --long-horizon --long-to 1e4 --long-precision double --crosscheck-precision none --series mu=10,20
        --several-heads --heads-seeds 2)
  same() {  # same results as the one-process run: JSON but its elapsed time, every figure, the summary
    cmp -s <(grep -v -E "elapsed|cpu_s" "$tmp/alone/verdicts.json") <(grep -v -E "elapsed|cpu_s" "$1/verdicts.json") || fail "$2: verdicts.json differs"
    for f in "$tmp"/alone/*.svg; do cmp -s "$f" "$1/$(basename "$f")" || fail "$2: $(basename "$f") differs"; done
    cmp -s <(grep -v -E '^report:|^several heads' "$tmp/alone.out") <(grep -v -E '^report:|^several heads' "$1.out") || fail "$2: printed summary differs"
  }
  "$benign" "${args[@]}" --threads 1 --out "$tmp/alone" >"$tmp/alone.out"
  [ "$(ls "$tmp"/alone/*.svg | wc -l)" -ge 10 ] || fail "verify alone: expected its figures"
  grep -q "window control harmful_boundary" "$tmp/alone.out" || fail "verify alone: no window control in the summary"
  "$benign" "${args[@]}" --threads 2 --out "$tmp/t2" >"$tmp/t2.out"
  same "$tmp/t2" "alone, 2 threads"
  for np in 1 2 3; do
    run "$np" "$benign" "${args[@]}" --out "$tmp/np$np" >"$tmp/np$np.out" 2>"$tmp/err" || { cat "$tmp/err"; fail "verify np=$np exited $?"; }
    same "$tmp/np$np" "verify np=$np"
  done
  # SIGKILL to mpirun mid-verify (2 ranks), rerun with 3 ranks: every journalled run is resumed, the
  # journal before the kill is an unchanged prefix, no run appears twice, the same verdicts.json.
  kill_mid_run 2 "$tmp/killed" "$tmp/killed/journal/runs.tsv" 2 10 "${args[@]}" --keep-journal
  [ ! -e "$tmp/killed/verdicts.json" ] || fail "verify: killed too late (it had finished)"
  complete_lines "$tmp/killed/journal/runs.tsv" "$tmp/before"
  runs=$(($(wc -l <"$tmp/before") - 2)) grid=$(($(wc -l <"$tmp/killed/journal/grid.csv") - 1))
  [ "$runs" -ge 10 ] || fail "verify: killed after $runs runs"
  run 3 "$benign" "${args[@]}" --keep-journal --out "$tmp/killed" >"$tmp/killed.out" 2>"$tmp/err" || { cat "$tmp/err"; fail "verify rerun exited $?"; }
  grep -q "verify: $((runs + grid)) runs resumed from the journal" "$tmp/killed.out" || { cat "$tmp/killed.out"; fail "verify rerun: expected $((runs + grid)) resumed"; }
  cmp -s "$tmp/before" <(head -c "$(wc -c <"$tmp/before")" "$tmp/killed/journal/runs.tsv") || fail "verify: journal lines before the kill changed"
  [ -z "$(tail -n +3 "$tmp/killed/journal/runs.tsv" | cut -f1 | sort | uniq -d)" ] || fail "verify: a run appears twice in the journal"
  cmp -s <(grep -v -E "elapsed|cpu_s" "$tmp/alone/verdicts.json") <(grep -v -E "elapsed|cpu_s" "$tmp/killed/verdicts.json") || fail "verify: resumed verdicts.json differs"
  # Bad input under mpirun: every rank refuses it alike, exit 2, one message, nothing written.
  set +e; run 2 "$benign" verify --seeds 0 --out "$tmp/bad" >/dev/null 2>"$tmp/err"; rc=$?; set -e
  [ "$rc" = 2 ] || { cat "$tmp/err"; fail "verify bad input under mpirun: exit $rc, expected 2"; }
  [ "$(grep -c -- "--seeds" "$tmp/err")" = 1 ] || { cat "$tmp/err"; fail "verify bad input: expected one message naming --seeds"; }
  set +e; run 2 "$benign" verify --precision bogus --out "$tmp/bad" >/dev/null 2>"$tmp/err"; rc=$?; set -e
  [ "$rc" = 2 ] && [ "$(grep -c "benign: error:" "$tmp/err")" = 1 ] || { cat "$tmp/err"; fail "verify --precision bogus under mpirun: exit $rc"; }
  [ ! -e "$tmp/bad" ] || fail "verify bad input: $tmp/bad was written"
  echo "verify: ok"
  ;;
*) fail "unknown check '$what'" ;;
esac
