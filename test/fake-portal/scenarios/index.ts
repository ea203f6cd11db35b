/**
 * Scenario registry: built-in TS scenarios (`default`, `empty`, `many[:N]`, `hostile`, `expiring`) and JSON files in this
 * folder (`<name>.json`), read from disk each time they load, so a JSON scenario can be added or edited while the
 * fake portal runs. In JSON, any string value "now", "now-5m", "now+2h", "now-3d", "now-30s" becomes an ISO time
 * relative to the moment of loading; everything else is sent exactly as written (missing or odd fields included:
 * that is how a test feeds the product a quirky response).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PortalAction, PortalInvestigation, Scenario, ScenarioName } from '../types';
import defaultScenario, { DEFAULT_ANALYST, DEFAULT_TENANT_ID } from './default';
import emptyScenario from './empty';
import expiringScenario from './expiring';
import hostileScenario from './hostile';
import manyScenario from './many';

type Factory = (now: number, arg?: string) => Scenario;

const BUILT_IN: Readonly<Record<string, Factory>> = {
  default: defaultScenario,
  empty: emptyScenario,
  many: manyScenario,
  hostile: hostileScenario,
  expiring: expiringScenario,
};

export const SCENARIO_DIR = dirname(fileURLToPath(import.meta.url));

/** Names that can be loaded: the built-ins and every JSON file here. */
export function listScenarios(): string[] {
  const json = readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length));
  return [...Object.keys(BUILT_IN), ...json];
}

const RELATIVE = /^now(?:([+-])(\d+(?:\.\d+)?)(s|m|h|d))?$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

function resolveTimes(value: unknown, now: number): unknown {
  if (typeof value === 'string') {
    const m = RELATIVE.exec(value);
    if (!m) return value;
    const offset = m[1] ? (m[1] === '-' ? -1 : 1) * Number(m[2]) * UNIT_MS[m[3] as keyof typeof UNIT_MS] : 0;
    return new Date(now + offset).toISOString();
  }
  if (Array.isArray(value)) return value.map((v) => resolveTimes(v, now));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveTimes(v, now)]));
  }
  return value;
}

function arrayOf<T>(value: unknown, what: string): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`scenario ${what} must be an array`);
  return value as T[];
}

/** A scenario object from JSON (a file or a control request): relative times resolved, defaults filled. */
export function scenarioFromJson(json: unknown, now: number, fallbackName = 'custom'): Scenario {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('a scenario must be a JSON object');
  const o = resolveTimes(json, now) as Record<string, unknown>;
  return {
    name: typeof o.name === 'string' ? o.name : fallbackName,
    tenantId: typeof o.tenantId === 'string' ? o.tenantId : DEFAULT_TENANT_ID,
    analyst: typeof o.analyst === 'string' ? o.analyst : DEFAULT_ANALYST,
    pending: arrayOf<PortalAction>(o.pending, 'pending'),
    history: arrayOf<PortalAction>(o.history, 'history'),
    investigations: arrayOf<PortalInvestigation>(o.investigations, 'investigations'),
  };
}

/** Loads a scenario by name (`many:500`, a JSON file's name) or takes a scenario object as is. */
export function loadScenario(which: ScenarioName | Scenario, now = Date.now()): Scenario {
  if (typeof which !== 'string') return structuredClone(which);
  const [name = '', arg] = which.split(/:(.*)/s, 2);
  const factory = BUILT_IN[name];
  if (factory) return factory(now, arg);
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name) || arg !== undefined) throw new Error(`unknown scenario "${which}"`);
  const file = join(SCENARIO_DIR, `${name}.json`);
  if (!existsSync(file)) throw new Error(`unknown scenario "${which}" (known: ${listScenarios().join(', ')})`);
  return scenarioFromJson(JSON.parse(readFileSync(file, 'utf8')), now, name);
}
