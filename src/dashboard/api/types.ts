/** The shapes API handlers share with the server. */
import type { DashboardContext } from '../context.js';

/** A file the browser downloads (YAML schema, CSV export) instead of JSON. */
export class Download {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    /** Text, or chunks of text streamed as they are produced (each is masked by the server). */
    readonly body: string | AsyncIterable<string>,
  ) {}
}

/** One API endpoint: a JSON-able value, or a Download. Throw `ApiError` for a client error. */
export type Handler = (ctx: DashboardContext, url: URL, body: unknown) => Promise<unknown>;

/** A client error (HTTP 400) with a message for the user, e.g. a refused SQL statement. */
export class ApiError extends Error {
  constructor(message: string, readonly status = 400, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

/** Runs `fn`; on failure returns `{ error }` instead of throwing, so one unreachable part never blanks a page. */
export async function attempt<T>(fn: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await fn();
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
