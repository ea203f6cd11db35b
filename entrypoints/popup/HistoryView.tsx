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
import { describeError } from './store';

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

function timeText(ms: number, now: number): string {
  return `${formatAge(ms, now)} ago`;
}

function AuditTable({ entries, now }: { entries: readonly AuditEntry[]; now: number }) {
  return (
    <table class="acc-table">
      <caption class="acc-sr-only">Decisions made with the extension, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Action</th>
          <th scope="col">Decision</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <td title={new Date(e.requestedAt).toISOString()}>{timeText(e.requestedAt, now)}</td>
            <td>
              <span class="acc-cell__main">{e.action.typeLabel || e.action.type || e.actionId}</span>
              <span class="acc-cell__sub acc-muted">
                {e.action.entityName}
                {e.action.investigationId ? ` · Investigation ${e.action.investigationId}` : ''}
              </span>
            </td>
            <td>
              {e.verdict === 'approve' ? 'Approve' : 'Reject'}
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
      <caption class="acc-sr-only">Decided actions in the portal, last {HISTORY_DAYS} days</caption>
      <thead>
        <tr>
          <th scope="col">Updated</th>
          <th scope="col">Action</th>
          <th scope="col">Decision</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {actions.map((a) => (
          <tr key={a.id}>
            <td title={new Date(a.updatedAt).toISOString()}>{timeText(a.updatedAt, now)}</td>
            <td>
              <span class="acc-cell__main">{a.typeLabel}</span>
              <span class="acc-cell__sub acc-muted">
                {a.entityName}
                {a.investigationId ? ` · Investigation ${a.investigationId}` : ''}
              </span>
            </td>
            <td>
              {endedByExpiry(a) ? (
                <span class="acc-chip acc-chip--leftPending">Expired</span>
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
      setExportError(`Export failed: ${describeError(error)}`);
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
            Your decisions
          </h2>
          <div class="acc-section__actions">
            <button
              type="button"
              class="acc-btn acc-btn--small"
              disabled={exporting !== null || auditCount === 0}
              onClick={() => void doExport('csv')}
            >
              Export CSV
            </button>
            <button
              type="button"
              class="acc-btn acc-btn--small"
              disabled={exporting !== null || auditCount === 0}
              onClick={() => void doExport('json')}
            >
              Export JSON
            </button>
          </div>
        </div>
        {exportError && (
          <p class="acc-banner acc-banner--error" role="alert">
            {exportError}
          </p>
        )}
        {audit.status === 'loading' && <p class="acc-muted" role="status">Loading the audit log…</p>}
        {audit.status === 'failed' && (
          <p class="acc-banner acc-banner--error" role="alert">
            Could not read the audit log: {audit.message}
          </p>
        )}
        {audit.status === 'ready' &&
          (audit.value.length === 0 ? (
            <p class="acc-muted">No decisions made with the extension yet.</p>
          ) : (
            <AuditTable entries={audit.value} now={now} />
          ))}
      </section>
      <section class="acc-section" aria-labelledby="acc-portal-history-title">
        <div class="acc-section__head">
          <h2 id="acc-portal-history-title" class="acc-section__title">
            Portal history, last {HISTORY_DAYS} days
          </h2>
        </div>
        {history.status === 'loading' && <p class="acc-muted" role="status">Loading the portal's history…</p>}
        {history.status === 'failed' && (
          <p class="acc-banner acc-banner--error" role="alert">
            Could not read the portal's history: {history.message}
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
            <p class="acc-muted">No decided actions in the last {HISTORY_DAYS} days.</p>
          ) : (
            <PortalTable actions={history.value.actions} now={now} />
          ))}
      </section>
    </div>
  );
}
