/** Progress reporters for the CLI (and for library users who want them). */
export { createProgress, type CreateProgressOptions } from './create-progress.js';
export { TtyProgress, type TtyProgressOptions } from './tty-progress.js';
export { LogProgress, type LogProgressOptions } from './log-progress.js';
export type { ProgressStream } from './progress-stream.js';
