/**
 * The History tab: decisions made through the extension (the local audit log, exportable as CSV or JSON)
 * and the portal's own history of the last 7 days.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './HistoryView.css';
import { exportAudit, exportFileName, EXPORT_MIME, type ExportFormat } from '@/utils/actions/export';
import { endedByExpiry } from '@/utils/actions/expiry';
import { formatAge, type Action } from '@/utils/actions/model';
import { OUTCOME_LABELS } from '@/utils/actions/outcomes';
import type { AuditEntry } from '@/utils/actions/types';
import { request } from '@/utils/messages';
import type { PortalError } from '@/utils/portal/errors';
import { errorText } from '@/utils/portal/errors';
import { formatDateTime, formatNumber, t } from '@/utils/i18n';
import { describeError } from './store';
import { actionTypeText } from '@/utils/portal/contract';

export const HISTORY_DAYS = 7;
/** The most audit entries the export asks the background for. */
export const EXPORT_LIMIT = 100_000;


type Load<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; message: string };

/** Starts a download of text through a Blob URL and an anchor with a download attribute. */
export function downloadText(text: string, fileName: string, mime: string): void {
  const blob = new Blob([text], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The tooltip's exact time, in the analyst's language and zone (to the second: audit entries can be close). */
export function exactTime(ms: number): string {
  return formatDateTime(ms, { dateStyle: 'medium', timeStyle: 'medium' });
}

function timeText(ms: number, now: number): string {
  return t('popup.ago', [formatAge(ms, now)]);
}

function AuditTable({ entries, now }: { entries: readonly AuditEntry[]; now: number }) {
  return (
    <table class="acc-table">
      <caption class="acc-sr-only">{t('popup.auditCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('popup.colWhen')}</th>
          <th scope="col">{t('popup.colAction')}</th>
          <th scope="col">{t('popup.colDecision')}</th>
          <th scope="col">{t('popup.colResult')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <td title={exactTime(e.requestedAt)}>{timeText(e.requestedAt, now)}</td>
            <td>
              <span class="acc-cell__main">{e.action.typeLabel ? actionTypeText(e.action.typeLabel) : e.action.type || e.actionId}</span>
              <span class="acc-cell__sub acc-muted">
                {e.action.entityName}
                {e.action.investigationId ? ` · ${t('popup.investigation', [e.action.investigationId])}` : ''}
              </span>
            </td>
            <td>
              {e.verdict === 'approve' ? t('common.approve') : t('common.reject')}
              {e.comment && <span class="acc-cell__sub acc-muted" title={e.comment}>“{e.comment}”</span>}
            </td>
            <td>
              <span class={`acc-chip acc-chip--${e.outcome}`}>{OUTCOME_LABELS[e.outcome]}</span>
              {e.outcome !== 'applied' && e.message && <span class="acc-cell__sub acc-muted">{e.message}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PortalTable({ actions, now }: { actions: readonly Action[]; now: number }) {
  return (
    <table class="acc-table">
      <caption class="acc-sr-only">{t('popup.portalCaption', HISTORY_DAYS, [formatNumber(HISTORY_DAYS)])}</caption>
      <thead>
        <tr>
          <th scope="col">{t('popup.colUpdated')}</th>
          <th scope="col">{t('popup.colAction')}</th>
          <th scope="col">{t('popup.colDecision')}</th>
          <th scope="col">{t('popup.colStatus')}</th>
        </tr>
      </thead>
      <tbody>
        {actions.map((a) => (
          <tr key={a.id}>
            <td title={exactTime(a.updatedAt)}>{timeText(a.updatedAt, now)}</td>
            <td>
              <span class="acc-cell__main">{actionTypeText(a.typeLabel)}</span>
              <span class="acc-cell__sub acc-muted">
                {a.entityName}
                {a.investigationId ? ` · ${t('popup.investigation', [a.investigationId])}` : ''}
              </span>
            </td>
            <td>
              {endedByExpiry(a) ? (
                <span class="acc-chip acc-chip--leftPending">{t('popup.expired')}</span>
              ) : (
                <>
                  {a.decision ?? '—'}
                  {a.decidedBy && <span class="acc-cell__sub acc-muted">{a.decidedBy}</span>}
                </>
              )}
            </td>
            <td>{a.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HistoryView({ now }: { now: number }): JSX.Element {
  const [audit, setAudit] = useState<Load<AuditEntry[]>>({ status: 'loading' });
  const [history, setHistory] = useState<Load<{ actions: Action[]; error: PortalError | null }>>({ status: 'loading' });
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    request('listAudit', {}).then(
      (value) => live && setAudit({ status: 'ready', value }),
      (error: unknown) => live && setAudit({ status: 'failed', message: describeError(error) }),
    );
    request('listHistory', { days: HISTORY_DAYS }).then(
      (value) => live && setHistory({ status: 'ready', value }),
      (error: unknown) => live && setHistory({ status: 'failed', message: describeError(error) }),
    );
    return () => {
      live = false;
    };
  }, []);

  async function doExport(format: ExportFormat) {
    if (exporting) return;
    setExporting(format);
    setExportError(null);
    try {
      const entries = await request('listAudit', { limit: EXPORT_LIMIT });
      downloadText(exportAudit(entries, format), exportFileName(format, Date.now()), EXPORT_MIME[format]);
    } catch (error) {
      setExportError(t('popup.exportFailed', [describeError(error)]));
    } finally {
      setExporting(null);
    }
  }

  const auditCount = audit.status === 'ready' ? audit.value.length : 0;

  return (
    <div class="acc-history">
      <section class="acc-section" aria-labelledby="acc-audit-title">
        <div class="acc-section__head">
          <h2 id="acc-audit-title" class="acc-section__title">
            {t('popup.yourDecisions')}
          </h2>
          <div class="acc-section__actions">
            <button
              type="button"
              class="acc-btn acc-btn--small"
              disabled={exporting !== null || auditCount === 0}
              onClick={() => void doExport('csv')}
            >
              {t('popup.exportCsv')}
            </button>
            <button
              type="button"
              class="acc-btn acc-btn--small"
              disabled={exporting !== null || auditCount === 0}
              onClick={() => void doExport('json')}
            >
              {t('popup.exportJson')}
            </button>
          </div>
        </div>
        {exportError && (
          <p class="acc-banner acc-banner--error" role="alert">
            {exportError}
          </p>
        )}
        {audit.status === 'loading' && <p class="acc-muted" role="status">{t('popup.loadingAudit')}</p>}
        {audit.status === 'failed' && (
          <p class="acc-banner acc-banner--error" role="alert">
            {t('popup.auditFailed', [audit.message])}
          </p>
        )}
        {audit.status === 'ready' &&
          (audit.value.length === 0 ? (
            <p class="acc-muted">{t('popup.noDecisions')}</p>
          ) : (
            <AuditTable entries={audit.value} now={now} />
          ))}
      </section>
      <section class="acc-section" aria-labelledby="acc-portal-history-title">
        <div class="acc-section__head">
          <h2 id="acc-portal-history-title" class="acc-section__title">
            {t('popup.portalHistory', HISTORY_DAYS, [formatNumber(HISTORY_DAYS)])}
          </h2>
        </div>
        {history.status === 'loading' && <p class="acc-muted" role="status">{t('popup.loadingHistory')}</p>}
        {history.status === 'failed' && (
          <p class="acc-banner acc-banner--error" role="alert">
            {t('popup.historyFailed', [history.message])}
          </p>
        )}
        {history.status === 'ready' && history.value.error && (
          <p class="acc-banner acc-banner--warning" role="alert">
            {errorText(history.value.error, { detail: true })}
          </p>
        )}
        {history.status === 'ready' &&
          !history.value.error &&
          (history.value.actions.length === 0 ? (
            <p class="acc-muted">{t('popup.noDecided', HISTORY_DAYS, [formatNumber(HISTORY_DAYS)])}</p>
          ) : (
            <PortalTable actions={history.value.actions} now={now} />
          ))}
      </section>
    </div>
  );
}
