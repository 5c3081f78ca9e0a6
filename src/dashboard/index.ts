/** `sluice pipeline NAME show`: a local web dashboard for one pipeline. */
export { startDashboard, type DashboardOptions, type DashboardHandle } from './server.js';
export { openBrowser } from './open-browser.js';
export { checkReadOnlySql, type SqlCheck } from './sql-guard.js';
export type { DashboardTarget } from './context.js';
