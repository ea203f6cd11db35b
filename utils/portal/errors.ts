/**
 * Typed errors of the portal client. Errors are values: every surface has a rendering for each kind.
 */
export type PortalErrorKind =
  | 'SignedOut' // 401/419/440, sign-in page or redirect: the session is gone
  | 'Forbidden' // plain 403: the signed-in role cannot do this
  | 'Conflict' // 409 or no longer pending: someone else decided
  | 'RateLimited' // 429: wait retryAfterMs
  | 'Unavailable' // 5xx, network failure, timeout
  | 'BadResponse' // the portal answered something that does not fit the contract
  | 'Unsupported' // the portal does not know the (assumed) decision route
  | 'NoPermission'; // the extension lacks host permission for the selected cloud

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

/** What each error means to the analyst, in one place for every surface. */
export const ERROR_HEADLINES: Readonly<Record<PortalErrorKind, string>> = {
  SignedOut: 'Signed out of the Defender portal',
  Forbidden: 'Your role cannot approve or reject actions',
  Conflict: 'Already decided elsewhere',
  RateLimited: 'The portal asked us to slow down',
  Unavailable: 'The portal is unavailable',
  BadResponse: 'The portal sent an answer the extension does not understand',
  Unsupported: 'Decide this one in the portal: Companion learns how from your decision and does it for you from then on',
  NoPermission: 'The extension has no access to this portal yet',
};
