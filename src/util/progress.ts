import cliProgress from 'cli-progress';

/** One long piece of work: `done` of `total`, with extra figures shown after the bar (loss, rows/s). */
export interface ProgressBar {
  update(done: number, fields?: Readonly<Record<string, string | number>>): void;
  stop(): void;
}

/** Makes progress bars; the CLI passes a terminal one, tests and --quiet a silent one. */
export interface ProgressReporter {
  bar(label: string, total: number): ProgressBar;
}

export const silentProgress: ProgressReporter = {
  bar: () => ({ update: () => {}, stop: () => {} }),
};

function formatFields(fields: Readonly<Record<string, string | number>> | undefined): string {
  if (fields === undefined) return '';
  return Object.entries(fields)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? formatNumber(v) : v}`)
    .join('  ');
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(4);
}

/**
 * A bar redrawn in place on a terminal; on a pipe or CI log, one line per 10% (and at the end)
 * so logs stay readable.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return {
    bar(label, total) {
      if (stream.isTTY) {
        const bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {value}/{total} {eta_formatted} {extra}`, stream, hideCursor: true, etaBuffer: 50, barsize: 24 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { extra: '' });
        return {
          update: (done, fields) => bar.update(done, { extra: formatFields(fields) }),
          stop: () => bar.stop(),
        };
      }
      const started = performance.now();
      let nextTenth = 1;
      let last: { done: number; fields?: Readonly<Record<string, string | number>> } = { done: 0 };
      const print = (done: number, fields?: Readonly<Record<string, string | number>>) =>
        stream.write(`${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${((performance.now() - started) / 1000).toFixed(1)} s) ${formatFields(fields)}\n`);
      return {
        update(done, fields) {
          last = fields === undefined ? { done } : { done, fields };
          if (total > 0 && done >= (nextTenth * total) / 10 && done < total) {
            print(done, fields);
            nextTenth = Math.floor((done * 10) / total) + 1;
          }
        },
        stop: () => print(last.done, last.fields),
      };
    },
  };
}
