#!/usr/bin/env bash
# Checks the linux/arm64 binary that the AgentCore image ships, without Docker:
#   1. builds it (npm run build:arm64), unless a binary path is given;
#   2. it is a 64-bit little-endian aarch64 ELF executable (header read with od: e_machine 183);
#   3. its size is within budget (OPS_AGENT_MAX_BINARY_MB, MiB);
#   4. under qemu-aarch64 (or natively on arm64): `--version` works, and `serve` answers GET /ping
#      within AgentCore's 30 s start-up limit with the contract's body.
# Step 4 needs qemu-user-static and an aarch64 glibc (libc6-arm64-cross): missing ones are reported as
# SKIPPED, and fail the check when CI is set. OPS_AGENT_QEMU names the emulator to use.
#   scripts/check-arm64.sh [BINARY]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Measured 2026-11-26 with Bun 1.4.5: ops-agent-linux-arm64 112.4 MiB (a Bun hello world is 104.2 MiB:
# the runtime is most of it). The default leaves ~10% of room.
MAX_MB=${OPS_AGENT_MAX_BINARY_MB:-124}
START_LIMIT_S=${OPS_AGENT_START_LIMIT_S:-30}

fail() {
  echo "check-arm64: FAIL: $*" >&2
  exit 1
}
skip() {
  if [[ -n ${CI:-} ]]; then fail "$* (required when CI is set)"; fi
  echo "check-arm64: SKIPPED: $*"
}

if [[ $# -ge 1 ]]; then
  BIN=$1
else
  BIN=dist/ops-agent-linux-arm64
  npm run --silent build:arm64
fi
[[ -f $BIN ]] || fail "no binary at $BIN"

# --- ELF header ------------------------------------------------------------------------------------
read -r -a ident <<<"$(od -An -tx1 -N6 "$BIN")"
[[ ${ident[*]:0:4} == "7f 45 4c 46" ]] || fail "$BIN is not an ELF file"
[[ ${ident[4]} == 02 && ${ident[5]} == 01 ]] || fail "$BIN is not a 64-bit little-endian ELF"
read -r lo hi <<<"$(od -An -tu1 -j18 -N2 "$BIN")"
machine=$((lo + 256 * hi))
[[ $machine == 183 ]] || fail "$BIN is built for ELF machine $machine, not aarch64 (183)"
echo "check-arm64: ok: $BIN is an aarch64 ELF executable"

# --- size budget -----------------------------------------------------------------------------------
bytes=$(wc -c <"$BIN" | tr -d ' ')
size_mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
awk -v b="$bytes" -v max="$MAX_MB" 'BEGIN { exit !(b <= max * 1048576) }' ||
  fail "$BIN is $size_mb MiB, over the budget of $MAX_MB MiB (OPS_AGENT_MAX_BINARY_MB)"
echo "check-arm64: ok: size $size_mb MiB ($bytes bytes) within $MAX_MB MiB"

# --- run it ----------------------------------------------------------------------------------------
RUN=()
if [[ $(uname -m) == aarch64 || $(uname -m) == arm64 ]]; then
  RUN=()
elif qemu=${OPS_AGENT_QEMU:-$(command -v qemu-aarch64-static || command -v qemu-aarch64)} && [[ -x $qemu ]]; then
  sysroot=${QEMU_LD_PREFIX:-}
  if [[ -z $sysroot && -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ]]; then sysroot=/usr/aarch64-linux-gnu; fi
  if [[ -z $sysroot && ! -e /lib/ld-linux-aarch64.so.1 ]]; then
    skip "running the binary: no aarch64 glibc for $qemu (apt-get install libc6-arm64-cross)"
    exit 0
  fi
  RUN=(env ${sysroot:+QEMU_LD_PREFIX=$sysroot} "$qemu")
else
  skip "running the binary: qemu-aarch64 not found (apt-get install qemu-user-static libc6-arm64-cross)"
  exit 0
fi
BIN_ABS=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

want=$(node -p 'require("./package.json").version')
got=$(${RUN[@]+"${RUN[@]}"} "$BIN_ABS" --version) || fail "--version exited with $?"
[[ $got == "$want"* ]] || fail "--version printed '$got', expected $want..."
echo "check-arm64: ok: --version -> $got${RUN[*]:+ (under ${RUN[*]})}"

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
work=$(mktemp -d)
# The container's conditions: no config files, no credentials, a region; the metadata service is off.
(cd "$work" && exec env -i PATH="$PATH" HOME="$work" AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true \
  ${RUN[@]+"${RUN[@]}"} "$BIN_ABS" serve --host 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1) &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Milliseconds since the epoch (bash 5 EPOCHREALTIME; whole seconds on older shells).
now_ms() {
  if [[ -n ${EPOCHREALTIME:-} ]]; then
    local t=${EPOCHREALTIME/[.,]/}
    echo $((t / 1000))
  else
    echo $(($(date +%s) * 1000))
  fi
}
started=$(now_ms)
body=""
while :; do
  if body=$(curl -fsS --max-time 2 "http://127.0.0.1:$port/ping" 2>/dev/null); then break; fi
  kill -0 "$server" 2>/dev/null || fail "serve exited before answering /ping: $(tail -5 "$work/serve.log")"
  elapsed=$(($(now_ms) - started))
  ((elapsed < START_LIMIT_S * 1000)) || fail "/ping did not answer within ${START_LIMIT_S}s: $(tail -5 "$work/serve.log")"
  sleep 0.2
done
elapsed=$(($(now_ms) - started))
PING_BODY=$body node -e '
  const b = JSON.parse(process.env.PING_BODY);
  const ok = (b.status === "Healthy" || b.status === "HealthyBusy") && Number.isInteger(b.time_of_last_update)
    && Math.abs(b.time_of_last_update - Date.now() / 1000) < 3600;
  if (!ok) { console.error("bad /ping body: " + process.env.PING_BODY); process.exit(1); }
' || fail "/ping answered but not with the AgentCore contract"
echo "check-arm64: ok: serve answered /ping in ${elapsed} ms: $body"

# The image's HEALTHCHECK runs this same subcommand (the image has no shell or curl).
${RUN[@]+"${RUN[@]}"} "$BIN_ABS" healthcheck --url "http://127.0.0.1:$port/ping" >/dev/null ||
  fail "healthcheck exited $? against a healthy server"
echo "check-arm64: ok: healthcheck exits 0 against the running server"
