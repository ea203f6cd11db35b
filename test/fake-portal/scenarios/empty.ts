/** `empty`: signed in, nothing pending, no history. */
import type { Scenario } from '../types';
import { DEFAULT_ANALYST, DEFAULT_TENANT_ID } from './default';

export default function emptyScenario(): Scenario {
  return { name: 'empty', tenantId: DEFAULT_TENANT_ID, analyst: DEFAULT_ANALYST, pending: [], history: [], investigations: [] };
}
