/**
 * One `HttpClient` shared by all resources of a source, opened on first use and closed when the last
 * running resource body releases it (so a finished extract leaves no open sockets, and the next run of the
 * same source opens a fresh client).
 */
import { HttpClient, type RuntimeOptions } from './client/http-client.js';

/** Reference-counted access to a lazily created client. */
export class ClientLease {
  #client: HttpClient | undefined;
  #users = 0;
  constructor(
    private readonly options: Partial<RuntimeOptions> = {},
    /** A caller-owned client: used as is and never closed here. */
    private readonly external?: HttpClient,
  ) {}

  /** The shared client, created on first use; `pipelineName` lets `[<pipeline>.runtime]` settings apply to it. */
  acquire(pipelineName?: string): HttpClient {
    this.#users++;
    if (this.external) return this.external;
    return (this.#client ??= new HttpClient(this.options, { pipelineName }));
  }

  async release(): Promise<void> {
    this.#users = Math.max(0, this.#users - 1);
    if (this.#users === 0 && this.#client) {
      const c = this.#client;
      this.#client = undefined;
      await c.close();
    }
  }
}
