#!/usr/bin/env bash
# Cairn vs etcd on this machine: a 3-node Cairn cluster and a 3-member etcd cluster on loopback,
# both fsyncing their log before acknowledging a write, driven by the same `cairn bench` workload
# generator (jetcd for etcd), row by row, interleaved (cairn row, then etcd row). Prints one table
# with both results and the Cairn/etcd ratio, then each node's memory. See docs/benchmarks.md.
#
#   bench/compare-etcd.sh [--duration 10s] [--warmup 10s] [--system-warmup 180s] [--rounds 3]
#                         [--quick] [--out DIR]
#
# Before the matrix each system gets --system-warmup of mixed load (not reported): the JVM's JIT
# compiles the nodes' hot paths in it, as in any long-running deployment (Go needs none; the
# warmup runs against etcd too so both see the same history). 180 s because a node's C2 compiler
# still recompiles 1-3 methods/s after 60 s of load, and put 64 rose from 11k to a plateau of
# ~14k/s only after ~100 s of load, 40 s of it puts (docs/benchmarks.md). --warmup is per row,
# for the bench JVM (started per row, for either system): its C2 compiler ran ~800 compilations
# in the first 10 s, 42% of the client's CPU samples in a row measured after a 5 s warmup.
# --rounds: the single-caller rows (put 1, get lin 1) run that many alternating rounds and show
# each system's median round. --quick: 3 s rows, 1 s warmup, 10 s system warmup, one round, a
# 100k-key data set instead of 1M (smoke run).
# Environment: CAIRN_NODE_JAVA_OPTS (extra JVM options of the Cairn nodes, e.g. -Xmx1g),
# BENCH_JAVA_OPTS (of the bench client; default: full JIT and the parallel GC).
set -euo pipefail

cd "$(dirname "$0")/.."
root="$(pwd)"

duration=10s
warmup=10s
system_warmup=180s
big_keys=1000000
quick=0
rounds=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --system-warmup) system_warmup="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --rounds) rounds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "compare-etcd: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$quick" = 1 ]; then
  duration=3s
  warmup=1s
  system_warmup=10s
  big_keys=100000
fi
if [ -z "$rounds" ]; then
  if [ "$quick" = 1 ]; then rounds=1; else rounds=3; fi
fi
case "$rounds" in
  '' | *[!0-9]* | 0) echo "compare-etcd: --rounds needs a positive number, got '$rounds'" >&2; exit 2 ;;
esac

# --- prerequisites -------------------------------------------------------------------------
if ! command -v etcd >/dev/null 2>&1; then
  echo "compare-etcd: etcd not found; installing etcd-server and etcd-client (Debian packages)" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "compare-etcd: not root and no sudo: install etcd yourself (apt-get install etcd-server etcd-client)" >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1 ||
    ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq etcd-server etcd-client >/dev/null; }; then
    echo "compare-etcd: could not install etcd with apt-get; install etcd 3.4+ and put it on PATH" >&2
    exit 1
  fi
fi
if ! ls "$root"/cli/target/cairn/lib/cli-*.jar >/dev/null 2>&1; then
  echo "compare-etcd: building the cairn distribution (mvn package)..." >&2
  (cd "$root" && mvn -q -B -DskipTests package -pl cli -am) >&2
fi
cairn="$root/bin/cairn"
# bin/cairn starts client commands with C1 only and the serial GC (fast start); a load generator
# needs the full JIT.
export CAIRN_JAVA_OPTS="${BENCH_JAVA_OPTS:--XX:TieredStopAtLevel=4 -XX:-UseSerialGC -XX:+UseParallelGC}"

# --- temp dirs, cleanup ----------------------------------------------------------------------
data="$(mktemp -d "${TMPDIR:-/tmp}/cairn-vs-etcd-data.XXXXXX")"
if [ -z "$out" ]; then
  out="$(mktemp -d "${TMPDIR:-/tmp}/cairn-vs-etcd.XXXXXX")"
fi
mkdir -p "$out"
etcd_pids=()
cairn_started=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$cairn_started" = 1 ]; then
    "$cairn" local stop --data-dir "$data/cairn" >/dev/null 2>&1 || true
  fi
  for pid in "${etcd_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${etcd_pids[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    { kill -9 "$pid" && wait "$pid"; } 2>/dev/null || true
  done
  rm -rf "$data"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- free loopback ports ---------------------------------------------------------------------
# Cairn: base..base+2 (clients), base+100..base+102 (peers); etcd: base+10.. (clients),
# base+20.. (peers).
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
base=""
for _ in $(seq 50); do
  b=$(( (RANDOM % 400) * 100 + 20000 ))
  ok=1
  for off in 0 1 2 100 101 102 10 11 12 20 21 22; do
    if port_in_use $((b + off)); then ok=0; break; fi
  done
  if [ "$ok" = 1 ]; then base=$b; break; fi
done
if [ -z "$base" ]; then
  echo "compare-etcd: found no free loopback ports" >&2
  exit 1
fi
cairn_endpoints="127.0.0.1:$base,127.0.0.1:$((base + 1)),127.0.0.1:$((base + 2))"
etcd_endpoints="127.0.0.1:$((base + 10)),127.0.0.1:$((base + 11)),127.0.0.1:$((base + 12))"

# --- the commands ----------------------------------------------------------------------------
cairn_start=("$cairn" local --detach --nodes 3 --data-dir "$data/cairn" --base-port "$base")
etcd_cluster="e1=http://127.0.0.1:$((base + 20)),e2=http://127.0.0.1:$((base + 21)),e3=http://127.0.0.1:$((base + 22))"
etcd_cmd() { # member index 0..2
  local i=$1 c=$((base + 10 + $1)) p=$((base + 20 + $1))
  echo etcd --logger=zap --name "e$((i + 1))" --data-dir "$data/etcd/e$((i + 1))" \
    --listen-client-urls "http://127.0.0.1:$c" --advertise-client-urls "http://127.0.0.1:$c" \
    --listen-peer-urls "http://127.0.0.1:$p" --initial-advertise-peer-urls "http://127.0.0.1:$p" \
    --initial-cluster "$etcd_cluster" --initial-cluster-token cairn-vs-etcd --initial-cluster-state new
}

{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname): $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# $(java -version 2>&1 | head -1); $(etcd --version 2>/dev/null | head -1)"
  echo "# results in $out; data in $data"
  echo "# cairn: ${cairn_start[*]}   (CAIRN_NODE_JAVA_OPTS='${CAIRN_NODE_JAVA_OPTS:-}')"
  for i in 0 1 2; do echo "# etcd:  $(etcd_cmd $i) 2> $data/etcd/e$((i + 1)).log"; done
  echo "# bench: CAIRN_JAVA_OPTS='$CAIRN_JAVA_OPTS' $cairn --endpoints <cairn|etcd endpoints> bench OP [--target etcd] --duration $duration --warmup $warmup -o json ..."
  echo "#   cairn endpoints $cairn_endpoints; etcd endpoints $etcd_endpoints"
} | tee "$out/commands.txt"

# --- start both clusters ---------------------------------------------------------------------
"${cairn_start[@]}" >"$out/cairn-local.txt" 2>&1 || { cat "$out/cairn-local.txt" >&2; exit 1; }
cairn_started=1
mkdir -p "$data/etcd"
for i in 0 1 2; do
  # shellcheck disable=SC2046 # the command line is a word list
  $(etcd_cmd $i) 2>"$data/etcd/e$((i + 1)).log" >/dev/null &
  etcd_pids+=("$!")
done
# etcd's /health (plain HTTP on the client port) says true once the member serves requests
etcd_healthy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /health HTTP/1.0\r\n\r\n' >&3 && timeout 2 cat <&3) 2>/dev/null |
    grep -q '"health":"true"'
}
for i in 0 1 2; do
  ok=0
  for _ in $(seq 300); do
    if etcd_healthy $((base + 10 + i)); then
      ok=1; break
    fi
    kill -0 "${etcd_pids[$i]}" 2>/dev/null || break
    sleep 0.1
  done
  if [ "$ok" = 0 ]; then
    echo "compare-etcd: etcd member e$((i + 1)) did not become healthy; its log:" >&2
    tail -20 "$data/etcd/e$((i + 1)).log" >&2
    exit 1
  fi
done

# --- running a row ---------------------------------------------------------------------------
num() { if [ -z "$1" ]; then echo fail; else awk -v v="$1" -v d="$2" 'BEGIN { printf "%.*f", d, v }'; fi; }
field() { sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p" | head -1 | tr -d '"'; }
rows=()
run_bench() { # system label args...
  local system=$1 label=$2
  shift 2
  local endpoints=$cairn_endpoints target=()
  if [ "$system" = etcd ]; then endpoints=$etcd_endpoints; target=(--target etcd); fi
  local cmd=("$cairn" --endpoints "$endpoints" bench "$@" "${target[@]}" -o json)
  echo "## $label [$system]: ${cmd[*]}" >>"$out/commands.txt"
  local line
  if line=$("${cmd[@]}" 2>>"$out/stderr.txt"); then :; else
    echo "compare-etcd: row '$label' failed on $system (exit $?): $(tail -1 "$out/stderr.txt")" >&2
  fi
  echo "{\"row\":\"$label\",\"system\":\"$system\",\"result\":${line:-null}}" >>"$out/raw.jsonl"
  printf '%s' "$line"
}
add_row() { # label cairn-json etcd-json
  local c=$2 e=$3
  rows+=("$1|$(echo "$c" | field throughput)|$(echo "$e" | field throughput)|$(echo "$c" | field p50_ms)|$(echo "$e" | field p50_ms)|$(echo "$c" | field p99_ms)|$(echo "$e" | field p99_ms)|$(echo "$c" | field errors)|$(echo "$e" | field errors)|$(echo "$c" | field verified)|$(echo "$e" | field verified)")
}
row() { # label args...: cairn then etcd
  local label=$1
  shift
  echo "running: $label" >&2
  local c e
  c=$(run_bench cairn "$label" "$@")
  e=$(run_bench etcd "$label" "$@")
  add_row "$label" "$c" "$e"
}
# A single caller's throughput is its latency, and one 10 s window of it moved +-15% between
# consecutive runs here (docs/benchmarks.md): such rows run in alternating rounds (cairn first,
# then etcd first, ...) and the table shows each system's median round, the rounds below it.
median_run() { # results... -> the result with the median throughput (a failed run sorts first)
  local r
  for r in "$@"; do printf '%s\t%s\n' "$(echo "$r" | field throughput)" "$r"; done |
    sort -g | sed -n "$((($# + 1) / 2))p" | cut -f2-
}
throughputs() { # results... -> "t1 / t2 / ..."
  local r out=""
  for r in "$@"; do out="${out:+$out / }$(num "$(echo "$r" | field throughput)" 0)"; done
  echo "$out"
}
round_notes=()
row_rounds() { # label args...: $rounds alternating rounds, median per system
  local label=$1 i
  shift
  echo "running: $label ($rounds rounds)" >&2
  local cs=() es=()
  for i in $(seq "$rounds"); do
    if [ $((i % 2)) = 1 ]; then
      cs+=("$(run_bench cairn "$label" "$@")")
      es+=("$(run_bench etcd "$label" "$@")")
    else
      es+=("$(run_bench etcd "$label" "$@")")
      cs+=("$(run_bench cairn "$label" "$@")")
    fi
  done
  add_row "$label" "$(median_run "${cs[@]}")" "$(median_run "${es[@]}")"
  round_notes+=("$label, op/s per round: cairn $(throughputs "${cs[@]}"); etcd $(throughputs "${es[@]}")")
}

timed=(--duration "$duration" --warmup "$warmup")
# JIT warm-up of both systems (not in the table): puts and linearizable gets on 64 callers
for system in cairn etcd; do
  echo "warming up: $system ($system_warmup of mixed load)" >&2
  run_bench "$system" "system warm-up" mixed --clients 64 --conns 4 --read-ratio 0.5 \
    --duration "$system_warmup" --warmup 0 >/dev/null
done
# the 10k keys the small rows read, on both systems
row "preload 10k keys" preload --key-space 10000 --clients 16 --timeout 30s
row_rounds "put 1 client" put --clients 1 "${timed[@]}"
row "put 64 clients" put --clients 64 --conns 4 "${timed[@]}"
row "put 256 clients" put --clients 256 --conns 8 "${timed[@]}"
row_rounds "get lin 1 client" get --clients 1 "${timed[@]}"
row "get lin 256 clients" get --clients 256 --conns 8 "${timed[@]}"
row "get ser 256 clients" get --clients 256 --conns 8 --consistency serializable "${timed[@]}"
row "put 16KiB 16 clients" put --clients 16 --val-size 16384 "${timed[@]}"
row "preload $big_keys keys" preload --key-space "$big_keys" --clients 32 --conns 4 --timeout 30s
row "get lin 256, $big_keys keys" get --clients 256 --conns 8 --key-space "$big_keys" "${timed[@]}"
row "put --verify 64 clients" put --verify --clients 64 --conns 4 "${timed[@]}"

# --- the table -------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
{
  echo
  echo "Cairn vs etcd, 3 nodes each on one machine ($(nproc) cores), rows of $duration after $warmup warmup (preload rows: whole run; ops/s = keys/s)"
  printf '%-28s %11s %11s %7s %9s %9s %9s %9s %9s\n' row "cairn op/s" "etcd op/s" ratio "c p50 ms" "e p50 ms" "c p99 ms" "e p99 ms" "errors"
  for r in "${rows[@]}"; do
    IFS='|' read -r label ct et cp50 ep50 cp99 ep99 cerr eerr cver ever <<<"$r"
    note="${cerr:-?}/${eerr:-?}"
    if [ -n "$cver" ] || [ -n "$ever" ]; then note="$note verified ${cver:-?}/${ever:-?}"; fi
    printf '%-28s %11s %11s %7s %9s %9s %9s %9s %9s\n' "$label" "$(num "$ct" 0)" "$(num "$et" 0)" "$(ratio "$ct" "$et")" \
      "$(num "$cp50" 2)" "$(num "$ep50" 2)" "$(num "$cp99" 2)" "$(num "$ep99" 2)" "$note"
  done
  if [ ${#round_notes[@]} -gt 0 ]; then
    echo "Median of $rounds alternating rounds:"
    for n in "${round_notes[@]}"; do echo "  $n"; done
  fi
  echo
  echo "Memory after the run (MiB, VmRSS / VmHWM peak):"
  for i in 1 2 3; do
    pid=$(cat "$data/cairn/n$i/pid" 2>/dev/null || echo "")
    if [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; then
      awk -v n="cairn n$i (pid $pid)" '/VmRSS/{r=$2} /VmHWM/{h=$2} END{printf "  %-24s %7.0f / %7.0f\n", n, r/1024, h/1024}' "/proc/$pid/status"
    fi
  done
  for i in 0 1 2; do
    pid=${etcd_pids[$i]}
    if [ -r "/proc/$pid/status" ]; then
      awk -v n="etcd e$((i + 1)) (pid $pid)" '/VmRSS/{r=$2} /VmHWM/{h=$2} END{printf "  %-24s %7.0f / %7.0f\n", n, r/1024, h/1024}' "/proc/$pid/status"
    fi
  done
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "raw JSON: $out/raw.jsonl; commands: $out/commands.txt; this table: $out/table.txt"
} | tee "$out/table.txt"
