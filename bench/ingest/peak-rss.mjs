/**
 * Preloaded (`node --import`) into each process the ingest benchmark times: when the process exits it
 * writes its peak resident set size (bytes) and the CPU time it used (seconds, user + system) as JSON
 * to the file named by BENCH_PEAK_FILE, so the parent reports every side the same way, with or
 * without /usr/bin/time on the machine. CPU time is the figure to trust on a busy machine, where wall
 * time includes waiting for a core.
 */
import { writeFileSync } from 'node:fs';

const out = process.env.BENCH_PEAK_FILE;
if (out) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
    writeFileSync(out, JSON.stringify({ peakBytes: usage.maxRSS * 1024, cpuSeconds }));
  });
}
