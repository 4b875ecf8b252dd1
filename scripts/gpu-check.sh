#!/usr/bin/env bash
# One prepared run on a GPU machine (issue 18): probe WebGPU under Deno (wgpu)
# and under Bun (Dawn), time the soft-prompt step for the XLM-R base and large
# shapes on WebGPU against PyTorch on CUDA in the same run, and run one spec's
# smoke profile end to end on WebGPU. Writes everything under $OUT (default
# ./gpu-check). Runs anywhere: without a GPU it records what the probes say
# (lavapipe/llvmpipe where Mesa's software drivers are installed).
#   usage: OUT=dir [SPEC=xpe-table1] [SKIP_SPEC=1] bash scripts/gpu-check.sh
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-gpu-check}
SPEC=${SPEC:-xpe-table1}
mkdir -p "$OUT"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
export PATH="$PWD/node_modules/.bin:$PATH"
BUN=${BUN:-$(command -v bun || true)}
DENO=${DENO:-$(command -v deno || true)}
log() { echo "== $*" | tee -a "$OUT/summary.txt"; }

log "host: $(uname -srm); $(nproc) cores"
{ nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 || echo "no nvidia-smi"; } | tee "$OUT/nvidia-smi.txt"
{ vulkaninfo --summary 2>&1 || echo "no vulkaninfo"; } > "$OUT/vulkaninfo.txt"
log "vulkan devices: $(grep -E 'deviceName' "$OUT/vulkaninfo.txt" | sed 's/.*= //' | paste -sd ';' || true)"

for rt in deno bun; do
  bin=$([ "$rt" = deno ] && echo "$DENO" || echo "$BUN")
  if [ -z "$bin" ]; then log "$rt: not found"; continue; fi
  args=$([ "$rt" = deno ] && echo "run -A" || echo "")
  "$bin" $args cli/main.ts backends --json > "$OUT/backends-$rt.json" 2> "$OUT/backends-$rt.err"
  log "$rt backends: $(grep -o '"detail": "[^"]*' "$OUT/backends-$rt.json" | tail -1 | cut -c12-)"
done

if [ -n "$DENO" ]; then
  log "perf (Deno): WASM, WebGPU and PyTorch (${PERF_TORCH_DEVICE:-cuda if present})"
  dev=$(python3 -c 'import torch; print("cuda" if torch.cuda.is_available() else "cpu")' 2>/dev/null || echo cpu)
  PERF_SHAPES=${PERF_SHAPES:-1,2} PERF_TORCH_DEVICE=${PERF_TORCH_DEVICE:-$dev} PERF_PYTHON=${PERF_PYTHON:-python3} \
    "$DENO" run -A scripts/perf.ts 2>&1 | grep -v '^Warning\|^ - \|^    at' | tee "$OUT/perf-deno.txt"
fi

if [ -z "${SKIP_SPEC:-}" ] && [ -n "$DENO" ]; then
  log "smoke $SPEC on WebGPU under Deno"
  start=$(date +%s)
  XLT_BACKEND=webgpu "$DENO" run -A cli/main.ts "$SPEC" --results "$OUT/results" > "$OUT/spec-deno.txt" 2>&1
  log "exit $? after $(( $(date +%s) - start )) s; $(grep -E '^check ' "$OUT/spec-deno.txt" | tail -1)"
fi
