import { formatNumber, messageTable, t } from '../i18n';

/**
 * Typed errors of the portal client. Errors are values: every surface has a rendering for each kind.
 */
export const PORTAL_ERROR_KINDS = [
  'SignedOut', // 401/419/440, sign-in page or redirect: the session is gone
  'Forbidden', // plain 403: the signed-in role cannot do this
  'Conflict', // 409 or no longer pending: someone else decided
  'RateLimited', // 429: wait retryAfterMs
  'Unavailable', // 5xx, network failure, timeout
  'BadResponse', // the portal answered something that does not fit the contract
  'Unsupported', // the portal does not know the (assumed) decision route
  'NoPermission', // the extension lacks host permission for the selected cloud
] as const;

export type PortalErrorKind = (typeof PORTAL_ERROR_KINDS)[number];

export interface PortalError {
  readonly kind: PortalErrorKind;
  /** Plain words for the analyst; never contains markup. */
  readonly message: string;
  readonly status?: number;
  /** RateLimited: how long to wait before the next call. */
  readonly retryAfterMs?: number;
  /** BadResponse: the path of the field that did not fit, e.g. "Results[3].ActionId". */
  readonly field?: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: PortalError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: PortalError): Result<T> => ({ ok: false, error });

export function portalError(kind: PortalErrorKind, message: string, extra: Partial<PortalError> = {}): PortalError {
  return { ...extra, kind, message };
}

/** What each error means to the analyst, in one place for every surface (locales/en.yml, errors.*). */
export const ERROR_HEADLINES: Readonly<Record<PortalErrorKind, string>> = messageTable(PORTAL_ERROR_KINDS, (kind) => t(`errors.${kind}`));

/**
 * One line for an error, the same on every surface: its headline, who decided (a conflict), when to try again
 * (rate limited), and with `detail` the portal's own words where they add to the headline.
 */
export function errorText(error: PortalError, options: { readonly decidedBy?: string | null; readonly detail?: boolean } = {}): string {
  const headline = ERROR_HEADLINES[error.kind];
  let text = headline;
  if (error.kind === 'Conflict' && options.decidedBy) text = t('errors.conflictBy', [headline, options.decidedBy]);
  else if (error.kind === 'RateLimited' && error.retryAfterMs && error.retryAfterMs > 0) {
    text = t('errors.retryIn', [headline, formatNumber(Math.max(1, Math.ceil(error.retryAfterMs / 1000)))]);
  }
  if (options.detail && error.message && error.message !== headline) text = t('errors.withDetail', [text, error.message]);
  return text;
}
