/** `sluice pipeline <name> show`: starts the local dashboard (src/dashboard) and opens a browser. */
import type { CliContext } from '../context.js';
import { SluiceError } from '../../common/errors.js';
import { UsageError } from '../errors.js';

interface DashboardModule {
  startDashboard(o: { pipelineName: string; pipelinesDir: string; port?: number; destination?: { type: string; credentials?: unknown } }): Promise<{ url: string; close(): Promise<void> | void }>;
  openBrowser?(url: string): unknown;
}

async function loadDashboard(): Promise<DashboardModule> {
  const spec = '../../dashboard/index.js';
  try {
    return (await import(spec)) as DashboardModule;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes('dashboard')) {
      throw new SluiceError('the dashboard is not available in this build (src/dashboard is missing); use `sluice pipeline <name> info` or `schema` meanwhile');
    }
    throw e;
  }
}

export async function showDashboard(
  ctx: CliContext,
  pipelineName: string,
  destination: { type: string; credentials?: unknown },
  o: { port?: string; open?: boolean },
): Promise<void> {
  const port = o.port === undefined ? undefined : Number(o.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new UsageError(`--port: expected a port number, got '${o.port}'`);
  }
  const mod = await loadDashboard();
  const d = await mod.startDashboard({ pipelineName, pipelinesDir: ctx.pipelinesDir, port, destination });
  ctx.emit({ ok: true, url: d.url }, () => `Dashboard of ${pipelineName}: ${d.url}\nPress Ctrl+C to stop.`);
  if (o.open !== false && mod.openBrowser) void Promise.resolve(mod.openBrowser(d.url)).catch(() => undefined);
  await new Promise<void>((resolve) => {
    const stop = () => {
      void Promise.resolve(d.close()).finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
