/** A pipeline loaded into a temp DuckDB for the dashboard tests: nested data, an incremental cursor, resource state, a big table and a known secret. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duckdb, pipeline, resource, Secret, source } from '../../src/index.js';
import type { DestinationSpec } from '../../src/pipeline/resolve-destination.js';

/** The raw secret: it must appear in no dashboard response. */
export const SECRET_VALUE = 'sk_live_DASHBOARD_9f3a1c77e2';

export interface Fixture {
  root: string;
  pipelinesDir: string;
  dbPath: string;
  pipelineName: string;
  datasetName: string;
  eventsTotal: number;
}

const USERS_RUN_1 = [
  { id: 1, name: 'Ada Lovelace', email: 'ada@example.com', updated_at: '2024-03-01T10:00:00Z', addresses: [{ city: 'London', tags: ['home', 'primary'] }, { city: 'Paris', tags: ['work'] }] },
  { id: 2, name: 'Alan Turing', email: 'alan@example.com', updated_at: '2024-03-02T10:00:00Z', addresses: [{ city: 'Manchester', tags: [] }] },
  { id: 3, name: 'Grace Hopper', email: 'grace@example.com', updated_at: '2024-03-03T10:00:00Z', addresses: [] },
];
const USERS_RUN_2 = [
  { id: 4, name: 'Edsger Dijkstra', email: 'edsger@example.com', updated_at: '2024-03-04T10:00:00Z', addresses: [{ city: 'Austin', tags: ['work'] }] },
  { id: 5, name: 'Barbara Liskov', email: 'barbara@example.com', updated_at: '2024-03-05T12:30:00Z', addresses: [] },
];

/**
 * Loads two runs: users (merge, incremental on updated_at, nested addresses→tags) and events (append,
 * `eventsPerRun` rows each), into a temp DuckDB file unless `destination`/`datasetName` name another.
 */
export async function loadFixture(eventsPerRun = 50_000, destination?: DestinationSpec, datasetName?: string): Promise<Fixture> {
  const root = mkdtempSync(join(tmpdir(), 'sluice-dashboard-'));
  const pipelinesDir = join(root, 'pipelines');
  const dbPath = join(root, 'shop.duckdb');
  const pipelineName = 'shop';
  const secret = new Secret(SECRET_VALUE);
  let run = 0;
  for (const batch of [USERS_RUN_1, USERS_RUN_2]) {
    run += 1;
    const r = run;
    // A careless resource: keeps its request headers (with the raw token) in its state, and one row carries the token.
    const users = resource(
      async function* (ctx) {
        ctx.resourceState.last_request = { url: 'https://api.example.com/users', headers: { Authorization: `Bearer ${secret.reveal()}` } };
        ctx.resourceState.pages_read = r;
        yield batch.map((u) => (u.id === 2 ? { ...u, api_note: `token ${secret.reveal()} was used` } : u));
      },
      { name: 'users', primary_key: 'id', write_disposition: 'merge', incremental: { cursor_path: 'updated_at', initial_value: '2024-01-01T00:00:00Z' } },
    );
    const events = resource(
      function* () {
        const page = 10_000;
        for (let start = 0; start < eventsPerRun; start += page) {
          const rows = [];
          for (let i = start; i < Math.min(start + page, eventsPerRun); i++) {
            const n = (r - 1) * eventsPerRun + i;
            rows.push({ event_id: n, kind: ['click', 'view', 'purchase'][n % 3], amount: (n % 97) + 0.25, at: new Date(Date.UTC(2024, 2, 1) + n * 1000).toISOString() });
          }
          yield rows;
        }
      },
      { name: 'events', write_disposition: 'append' },
    );
    const p = pipeline({ pipelineName, destination: destination ?? duckdb(dbPath), pipelinesDir, ...(datasetName ? { datasetName } : {}) });
    await p.run(source('shop', [users, events]));
  }
  return { root, pipelinesDir, dbPath, pipelineName, datasetName: datasetName ?? `${pipelineName}_dataset`, eventsTotal: eventsPerRun * 2 };
}
