/** Number, duration and color formatting for progress output. */

/** `1234567` → `1,234,567`. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `3210` ms → `3.2s`; `65000` → `1m05s`; `3723000` → `1h02m`. */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Items per second over `ms`, rounded; `-` under half a second, where a rate would mislead. */
export function formatRate(count: number, ms: number): string {
  return ms >= 500 ? formatCount((count * 1000) / ms) : '-';
}

/** `1 page` / `2 pages`. */
export function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Whether to color output: `color` if given, else not when `NO_COLOR` is set to a non-empty value
 * (https://no-color.org), else when the stream is a TTY.
 */
export function shouldColor(isTTY: boolean, env: NodeJS.ProcessEnv = process.env, color?: boolean): boolean {
  if (color !== undefined) return color;
  if (env.NO_COLOR) return false;
  return isTTY;
}

export type Paint = (style: 'green' | 'red' | 'cyan' | 'dim' | 'bold', text: string) => string;

const CODES = { green: 32, red: 31, cyan: 36, dim: 2, bold: 1 } as const;

/** An ANSI painter, or the identity when color is off. */
export function painter(color: boolean): Paint {
  return color ? (style, text) => `\x1b[${CODES[style]}m${text}\x1b[0m` : (_style, text) => text;
}
