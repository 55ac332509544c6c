/**
 * Progress on stderr (stdout stays data): on a terminal, cli-progress bars (it formats the ETA and
 * redraws in place); elsewhere (a CI log, a file) a plain line every few seconds, since a redrawn
 * bar would fill a log with control characters. `--no-progress` silences both.
 */
import { SingleBar } from 'cli-progress';
import { onInterrupt } from './interrupt.js';

export type ProgressMode = 'bar' | 'lines' | 'off';

/** How often a non-terminal gets a progress line. */
const LINE_INTERVAL_MS = Number(process.env['AAI_PROGRESS_INTERVAL_MS'] ?? 2000);

export function progressMode(enabled: boolean): ProgressMode {
  if (!enabled) return 'off';
  return process.stderr.isTTY ? 'bar' : 'lines';
}

export function humanBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[u]}`;
}

export function humanDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export interface Progress {
  /** `value` of `total` (total undefined: unknown), with the text of its payload. */
  update(value: number, total: number | undefined, payload: Record<string, string>): void;
  stop(): void;
}

/**
 * A progress display. `line` renders a non-terminal line from the latest state; `format` is the
 * cli-progress bar format (its tokens: {bar} {percentage} {value} {total} {eta_formatted} and the payload's).
 */
export function progress(mode: ProgressMode, format: string, line: (value: number, total: number | undefined, payload: Record<string, string>) => string): Progress {
  if (mode === 'off') return { update: () => undefined, stop: () => undefined };
  if (mode === 'lines') {
    let last = 0;
    let pending: (() => string) | undefined;
    const print = (text: string): void => {
      process.stderr.write(`${text}\n`);
      last = Date.now();
      pending = undefined;
    };
    return {
      update(value, total, payload) {
        pending = () => line(value, total, payload);
        if (last === 0 || Date.now() - last >= LINE_INTERVAL_MS) print(pending());
      },
      stop() {
        if (pending) print(pending());
      },
    };
  }
  const bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, clearOnComplete: false, etaBuffer: 20, fps: 5, barsize: 30 });
  let started = false;
  let stopped = false;
  const stop = (): void => {
    if (started && !stopped) bar.stop();
    stopped = true;
  };
  const unregister = onInterrupt(stop);
  return {
    update(value, total, payload) {
      if (stopped) return;
      if (!started) {
        bar.start(total ?? 0, value, payload);
        started = true;
      } else {
        if (total !== undefined) bar.setTotal(total);
        bar.update(value, payload);
      }
    },
    stop() {
      stop();
      unregister();
    },
  };
}
