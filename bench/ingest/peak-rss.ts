/**
 * Preloaded (`node --import`) into each process the ingest benchmark times: when the process exits it
 * writes its peak resident set size in bytes to the file named by BENCH_PEAK_FILE, so the parent can
 * report every side's peak the same way, with or without /usr/bin/time on the machine.
 */
import { writeFileSync } from 'node:fs';

const out = process.env.BENCH_PEAK_FILE;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS * 1024)));
