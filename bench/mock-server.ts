/** Benchmark mock API (run as a separate process): GET /users?offset=&limit= → { items, total }. Prints its port. */
import { createServer } from 'node:http';
import { record } from './records.js';

const total = Number(process.argv[2] ?? 10000);
const server = createServer((req, res) => {
  const url = new URL(req.url!, 'http://x');
  const offset = Number(url.searchParams.get('offset') ?? 0);
  const limit = Number(url.searchParams.get('limit') ?? 1000);
  const items = [];
  for (let i = offset; i < Math.min(total, offset + limit); i++) items.push(record(i));
  const body = JSON.stringify({ items, total });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
