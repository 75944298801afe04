#!/usr/bin/env bash
# Boots Debian's ppc64el Linux guest (scripts/linux-guest.sh) under `hvstep run` to its
# busybox shell, types a few commands into the shell through hvstep's stdin once the
# prompt shows, and prints the time to the prompt and of the whole run (start to
# power-off). hvstep's stdin is a pipe the script writes to, so it needs no terminal
# (CI has none). Exits with hvstep's status: 0 when the guest powered off cleanly.
# Usage: scripts/linux-shell-demo.sh [vCPUs (default 2)] [engine (default interp)]
set -euo pipefail
cd "$(dirname "$0")/.."
smp=${1:-2}
engine=${2:-interp}
# the kernel's boot to a prompt takes well under a minute on the interpreter
limit=300
commands='uname -a; cat /proc/cpuinfo | head; ls /; poweroff -f'

mapfile -t guest < <(bash scripts/linux-guest.sh)
kernel=${guest[0]}
initrd=${guest[1]}

work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkfifo "$work/stdin"

# busybox's line editing asks the terminal where the cursor is (ESC [6n) at each prompt:
# hvstep's stdin is this script's pipe, so a terminal showing the console would type its
# answer into the user's own shell afterwards; drop the question from what is shown
without_queries() { sed -u 's/\x1b\[6n//g'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }

echo "hvstep run --kernel $kernel --initrd $initrd -m 1G --smp $smp --engine $engine --append \"console=hvc0 cryptomgr.notests\""
start=$(now_ms)
node packages/cli/dist/hvstep.js run --kernel "$kernel" --initrd "$initrd" -m 1G --smp "$smp" --engine "$engine" \
  --timeout "$limit" --append 'console=hvc0 cryptomgr.notests' < "$work/stdin" > >(tee "$work/console" | without_queries) &
pid=$!
# hold the pipe open: hvstep's console sees no end of input while the guest boots
exec 3>"$work/stdin"

# wait for busybox's prompt at the start of a line
until grep -q '^/ # ' "$work/console" 2>/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 0.1
done
prompt=$(now_ms)
if kill -0 "$pid" 2>/dev/null; then
  printf '%s\n' "$commands" >&3
fi
status=0
wait "$pid" || status=$?
pid=
end=$(now_ms)
exec 3>&-

echo
if grep -q '^/ # ' "$work/console"; then
  echo "linux-shell-demo: $smp vCPUs, $engine: shell prompt after $(seconds $((prompt - start))) s, whole run (to power-off) $(seconds $((end - start))) s, status $status"
else
  echo "linux-shell-demo: the guest never showed the shell prompt (status $status)" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
