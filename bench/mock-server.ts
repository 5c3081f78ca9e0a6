/**
 * Benchmark mock API (run as a separate process): GET /users?offset=&limit= → { items, total }. Prints
 * its port. GET /cpu answers the CPU seconds this process has used, so the benchmark can report them.
 *
 * The body is built in ~64 KB pieces rather than as one string: a single 700 KB string is a V8
 * large object with fresh pages per response, which on the benchmark VMs (slow page faults) cost the mock
 * more CPU than the JSON itself — CPU taken from the two cores the loader is measured on. The bytes sent
 * are the same as `JSON.stringify({ items, total })`; each record comes from `recordJson` (see records.ts).
 *
 * Pages of `PAGE` records at offsets that are multiples of it are built once, before the port is
 * printed, and then served as they are (~0.7 GB per 1M records, in this process): a real API runs on
 * other machines, and the ~4–6 µs of CPU per record it took to build them per request came out of the
 * two cores the loader is measured on. Other offsets and limits are built per request.
 */
import { createServer } from 'node:http';
import { record, recordJson } from './records.js';

const total = Number(process.argv[2] ?? 10000);
for (const i of [0, 1, 2, 3, 86399, 86400, 99_999, 123_456, 999_999, 31_622_399]) {
  if (recordJson(i) !== JSON.stringify(record(i))) throw new Error(`mock API: recordJson(${i}) differs from JSON.stringify(record(${i}))`);
}
const PIECE = 64 * 1024;

function body(offset: number, limit: number): { parts: Buffer[]; size: number } {
  const parts: Buffer[] = [];
  let size = 0;
  let text = '{"items":[';
  const end = Math.min(total, offset + limit);
  for (let i = offset; i < end; i++) {
    text += (i > offset ? ',' : '') + recordJson(i);
    if (text.length >= PIECE) {
      parts.push(Buffer.from(text));
      size += parts.at(-1)!.length;
      text = '';
    }
  }
  parts.push(Buffer.from(text + `],"total":${total}}`));
  size += parts.at(-1)!.length;
  return { parts, size };
}

const PAGE = 1000;
const pages: Buffer[] = [];
for (let offset = 0; offset < total; offset += PAGE) {
  const { parts, size } = body(offset, PAGE);
  pages.push(Buffer.concat(parts, size));
}

const server = createServer((req, res) => {
  const url = new URL(req.url!, 'http://x');
  if (url.pathname === '/cpu') {
    const u = process.cpuUsage();
    res.end(JSON.stringify({ cpuSeconds: (u.user + u.system) / 1e6 }));
    return;
  }
  const offset = Number(url.searchParams.get('offset') ?? 0);
  const limit = Number(url.searchParams.get('limit') ?? PAGE);
  const cached = limit === PAGE && offset % PAGE === 0 ? pages[offset / PAGE] : undefined;
  const { parts, size } = cached ? { parts: [cached], size: cached.length } : body(offset, limit);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': size });
  for (const p of parts) res.write(p);
  res.end();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
