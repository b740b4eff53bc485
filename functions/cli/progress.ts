/**
 * Progress for long audits: a bar on stderr when it is a terminal (never in pipes or CI logs, where
 * it would only add noise to what a script parses).
 */
import { visible } from './visible-text.ts';

export interface Progress {
  readonly total: number;
  update(value: number, label: string): void;
  stop(): void;
}

export async function createProgress(opts: { enabled: boolean; totalBytes: number }): Promise<Progress> {
  const total = Math.max(1, opts.totalBytes);
  if (!opts.enabled || !process.stderr.isTTY) {
    return { total, update: () => undefined, stop: () => undefined };
  }
  // Loaded only for a bar: it and its dependencies cost some 10 ms at every start.
  const { Presets, SingleBar } = await import('cli-progress');
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: ' {bar} {percentage}% | {value_mb}/{total_mb} MB | {label}',
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  const mb = (n: number) => (n / 1e6).toFixed(1);
  bar.start(total, 0, { label: '', value_mb: mb(0), total_mb: mb(total) });
  return {
    total,
    update: (value, label) =>
      bar.update(Math.min(value, total), { label: visible(label).slice(0, 40), value_mb: mb(value) }),
    stop: () => bar.stop(),
  };
}
