/**
 * Registry of the verified-source API simulators, keyed by the verified source's name (the section name in
 * `.dlt/secrets.toml` minus `_source`). `sluice demo [api]` starts one of these on a loopback port and runs
 * the verified source against it; tests start them directly.
 *
 * @example
 * ```ts
 * const sim = await simulators.descope_management_users({ seed: 1 });
 * // configure the source with sim.url and sim.credentials, run it, then:
 * sim.data.counts(); sim.actionRequests(); await sim.close();
 * ```
 */
import { startAuthsignalSimulator } from './authsignal/simulator.js';
import { startDescopeSimulator } from './descope/simulator.js';
import { startOnePasswordSimulator } from './onepassword/simulator.js';
import { startPasswordlessSimulator } from './passwordless/simulator.js';
import { startPropelAuthSimulator } from './propel-auth/simulator.js';
import type { CommonSimulatorOptions, Simulator } from './simulator-kit.js';

export type { CommonSimulatorOptions, EndpointPattern, FaultKind, FaultOptions, LoggedRequest, Simulator, SimulatorData } from './simulator-kit.js';
export { startAuthsignalSimulator, startDescopeSimulator, startOnePasswordSimulator, startPasswordlessSimulator, startPropelAuthSimulator };

/** The verified sources that ship a simulator. */
export type SimulatorName = 'passwordless' | 'authsignal' | 'propel_auth' | 'descope_management_users' | '_1password';

/** Options every registry entry accepts; `plan` is checked against {@link simulatorPlans}. */
export interface SimulatorOptions extends CommonSimulatorOptions {
  plan?: string;
}

/** Plans a simulator understands (first = default). APIs without plans accept none. */
export const simulatorPlans: Record<SimulatorName, readonly string[]> = {
  passwordless: ['free', 'pro', 'enterprise'],
  authsignal: [],
  propel_auth: ['b2b', 'b2c'],
  descope_management_users: [],
  _1password: [],
};

/** One line per simulator, for `sluice demo --list`. */
export const simulatorDescriptions: Record<SimulatorName, string> = {
  passwordless: 'Passwordless.dev backend API: users, credentials, aliases, auth configs; /events on the enterprise plan',
  authsignal: 'Authsignal Server API (/v1, keyset-paged users, per-user authenticators and actions) and Client API (/v1/client)',
  propel_auth: 'PropelAuth backend API: page-numbered users, orgs, org members, pending invites; OIDC discovery',
  descope_management_users: 'Descope Management API: user search (limit/page), tenants, roles, permissions, access keys, audit, login history',
  _1password: '1Password Connect (vaults, items, activity) and Events API (audit events, item usages, sign-in attempts) on two ports',
};

function planned<P extends string>(name: SimulatorName, plan: string | undefined): P | undefined {
  if (plan === undefined) return undefined;
  const ok = simulatorPlans[name];
  if (!ok.includes(plan)) {
    throw new Error(ok.length === 0 ? `simulator ${name} has no plans; got plan '${plan}'` : `simulator ${name}: plan '${plan}' is not one of ${ok.join(', ')}`);
  }
  return plan as P;
}

/** Start a simulator by name. Every entry resolves once the server(s) listen on 127.0.0.1. */
export const simulators: Record<SimulatorName, (opts?: SimulatorOptions) => Promise<Simulator>> = {
  passwordless: async (o = {}) => startPasswordlessSimulator({ ...o, plan: planned('passwordless', o.plan) }),
  authsignal: async (o = {}) => (planned('authsignal', o.plan), startAuthsignalSimulator({ ...o })),
  propel_auth: async (o = {}) => startPropelAuthSimulator({ ...o, plan: planned('propel_auth', o.plan) }),
  descope_management_users: async (o = {}) => (planned('descope_management_users', o.plan), startDescopeSimulator({ ...o })),
  _1password: async (o = {}) => (planned('_1password', o.plan), startOnePasswordSimulator({ ...o })),
};

/** All simulator names, in registry order. */
export const simulatorNames = Object.keys(simulators) as SimulatorName[];

/** Type guard for user input such as `sluice demo <api>`. */
export function isSimulatorName(x: string): x is SimulatorName {
  return Object.prototype.hasOwnProperty.call(simulators, x);
}
