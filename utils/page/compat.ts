/**
 * Portal compatibility: per page feature, when it last found its anchors on a page it applies to, and when it last
 * found such a page whose markup no longer fits (it then stays off there: no controls rather than a guess). The
 * content script writes it to extension storage (`pageCompat`); Options ("Portal compatibility") and the popup's
 * one-line notice read it. Nothing leaves the browser.
 */
import { t } from '../i18n';

export const COMPAT_KEY = 'pageCompat';

export type CompatStatus = 'worked' | 'missing';

export interface FeatureCompat {
  readonly lastWorkedAt: number | null;
  readonly lastMissingAt: number | null;
}

export type CompatRecord = Readonly<Record<string, FeatureCompat>>;

/** Plain words for each page feature that reports (utils/page/features), read in the analyst's language. */
export const FEATURE_NAMES: Readonly<Record<string, string>> = {
  get 'action-center-pending-rows'() {
    return t('page.featurePendingRows');
  },
  get 'investigation-pending-rows'() {
    return t('page.featureInvestigationRows');
  },
  get 'row-flyout'() {
    return t('page.featureFlyout');
  },
  get 'nav-count'() {
    return t('page.featureNavCount');
  },
};

const time = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : null);

/** A stored record, leniently: anything malformed is left out. */
export function compatFrom(stored: unknown): CompatRecord {
  const out: Record<string, FeatureCompat> = {};
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return out;
  for (const [id, value] of Object.entries(stored as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null) continue;
    const v = value as Record<string, unknown>;
    out[id] = { lastWorkedAt: time(v.lastWorkedAt), lastMissingAt: time(v.lastMissingAt) };
  }
  return out;
}

export function withStatus(record: CompatRecord, id: string, status: CompatStatus, now: number): CompatRecord {
  const current = record[id] ?? { lastWorkedAt: null, lastMissingAt: null };
  return { ...record, [id]: status === 'worked' ? { ...current, lastWorkedAt: now } : { ...current, lastMissingAt: now } };
}

/** Features whose last look found the markup not fitting (newer than their last success). */
export function featuresOff(record: CompatRecord): string[] {
  return Object.entries(record)
    .filter(([, c]) => c.lastMissingAt !== null && (c.lastWorkedAt === null || c.lastMissingAt > c.lastWorkedAt))
    .map(([id]) => id);
}

/** A feature's status is written when it changes, else at most this often (storage is not a log). */
const REWRITE_MS = 10 * 60_000;

export interface CompatStorage {
  read(): Promise<unknown>;
  write(record: CompatRecord): Promise<void>;
}

/**
 * Records statuses for one page: read-merge-write (other portal tabs write too), one write at a time, only when
 * a status changed or its last write is old.
 */
export function createCompatRecorder(storage: CompatStorage, now: () => number = Date.now): (id: string, status: CompatStatus) => void {
  const last = new Map<string, { status: CompatStatus; at: number }>();
  let queue: Promise<void> = Promise.resolve();
  return (id, status) => {
    const at = now();
    const previous = last.get(id);
    if (previous && previous.status === status && at - previous.at < REWRITE_MS) return;
    last.set(id, { status, at });
    queue = queue
      .then(async () => storage.write(withStatus(compatFrom(await storage.read()), id, status, at)))
      .catch(() => undefined);
  };
}
