/** Test helpers for the REST client tests: a paginate loop, a fake sleep, log capture. */
import { setLogLevel, setLogSink, getLogLevel, type LogLevel } from '../../../../src/common/log.js';
import { HttpClient, type RuntimeOptions } from '../../../../src/sources/rest-api/client/http-client.js';
import { selectData } from '../../../../src/sources/rest-api/client/data-selector.js';
import type { Auth, Paginator, RestRequest } from '../../../../src/sources/rest-api/client/types.js';

/** A client whose sleep records the waits (ms) instead of waiting. */
export function fastClient(opts: Partial<RuntimeOptions> = {}): { client: HttpClient; waits: number[] } {
  const waits: number[] = [];
  const client = new HttpClient({ sleep: async (ms) => void waits.push(ms), ...opts });
  return { client, waits };
}

export function get(url: string, params: RestRequest['params'] = {}): RestRequest {
  return { method: 'GET', url, params, headers: {} };
}

/** Runs the request loop the REST source runs: send → select → updateState → updateRequest. */
export async function collect(
  client: HttpClient,
  req: RestRequest,
  paginator: Paginator,
  selector = 'data',
  auth?: Auth,
): Promise<{ pages: unknown[][]; records: unknown[] }> {
  const p = paginator.clone();
  p.initRequest(req);
  const pages: unknown[][] = [];
  for (let i = 0; i < 1000; i++) {
    const res = await client.send(req, auth);
    const page = selectData(res.json(), selector);
    p.updateState(res, page);
    pages.push(page);
    if (!p.hasNextPage) return { pages, records: pages.flat() };
    p.updateRequest(req);
  }
  throw new Error('pagination did not stop after 1000 pages');
}

/** Captures log lines at `level` while `fn` runs. */
export async function captureLogs<T>(fn: () => Promise<T> | T, level: LogLevel = 'DEBUG'): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const prevLevel = getLogLevel();
  const prev = setLogSink((_l, line) => lines.push(line));
  setLogLevel(level);
  try {
    return { result: await fn(), lines };
  } finally {
    setLogSink(prev);
    setLogLevel(prevLevel);
  }
}

export const ids = (records: unknown[]): number[] => records.map((r) => (r as { id: number }).id);
export const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
