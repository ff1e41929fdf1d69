import cliProgress from 'cli-progress';

export interface Progress {
  /** `note`: what the bar cannot know itself, e.g. the time the rate limits still need. */
  update(label: string, done: number, total: number, note?: string): void;
  stop(): void;
}

/**
 * A bar per label in a terminal; elsewhere (CI, logs) a plain line per label at most every
 * two seconds and at completion, so long work always shows it is moving.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const multi = new cliProgress.MultiBar(
      {
        stream,
        format: ' {label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted} {note}',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    const bars = new Map<string, cliProgress.SingleBar>();
    return {
      update(label, done, total, note = '') {
        let bar = bars.get(label);
        if (!bar) {
          bar = multi.create(total, 0, { label: label.padEnd(10), note });
          bars.set(label, bar);
        }
        bar.setTotal(total);
        bar.update(done, { note });
      },
      stop: () => multi.stop(),
    };
  }
  const lastPrinted = new Map<string, number>();
  return {
    update(label, done, total, note = '') {
      const now = Date.now();
      const finished = done >= total;
      if (!finished && now - (lastPrinted.get(label) ?? 0) < 2_000) return;
      if (finished && lastPrinted.get(label) === Infinity) return;
      lastPrinted.set(label, finished ? Infinity : now);
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      stream.write(
        `${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${percent}%)${note ? ` ${note}` : ''}\n`,
      );
    },
    stop: () => undefined,
  };
}
