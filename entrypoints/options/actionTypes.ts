/**
 * The action types the options page offers for notifications: every type seen in the local store (pending or
 * decided), labelled as the portal labels them. The analyst can add a raw value by hand for types not seen yet.
 */
import { loadPending } from '@/utils/store/queries';
import { actionTypeText } from '@/utils/portal/contract';

export interface ActionTypeOption {
  readonly value: string;
  readonly label: string;
}

export async function knownActionTypes(): Promise<ActionTypeOption[]> {
  try {
    const seen = new Map<string, string>();
    for (const a of await loadPending()) if (!seen.has(a.type)) seen.set(a.type, a.typeLabel ? actionTypeText(a.typeLabel) : a.type);
    return [...seen].map(([value, label]) => ({ value, label })).sort((x, y) => x.label.localeCompare(y.label));
  } catch {
    return [];
  }
}
