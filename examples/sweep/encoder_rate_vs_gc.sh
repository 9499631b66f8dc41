#!/bin/sh
# At which encoder rate does the lesson's Pin.irq counter start losing pulses, and how does
# that threshold move with the GC pause (set by how much live data the collector marks)?
# 20 rates x 10 heap sizes = 200 runs; re-running resumes; see docs/sweep.md.
# Needs the extras: pip install "irqsim[plot]" (and "irqsim[sweep]" for --parquet/--scheduler).
set -e
here=$(dirname "$0")
irqsim sweep "$here/../seed/encoder_limits.toml" \
    --param parts.enc.freq=500Hz..20kHz:log:20 \
    --param heap.extra_live=0KB..144KB:lin:10 \
    --workers "${WORKERS:-2}" ${SCHEDULER:+--scheduler "$SCHEDULER"} \
    --out "${OUT:-encoder_rate_vs_gc.csv}" \
    --plot src.GP12.lost_share:parts.enc.freq \
    --plot gc.pause_us.max:heap.extra_live
