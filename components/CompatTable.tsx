/**
 * Options → Portal compatibility (utils/page/compat.ts), one row per in-page feature. Apart from PortalCompat.tsx
 * (the record and the popup's notice) so that the popup, which shares chunks with Options, does not load it.
 */
import { FEATURE_NAMES, featuresOff } from '../utils/page/compat';
import { useCompatRecord } from './PortalCompat';

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

function ago(at: number | null, now: number): string {
  if (at === null) return 'never';
  const minutes = Math.round((at - now) / 60_000);
  if (Math.abs(minutes) < 60) return RELATIVE.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return RELATIVE.format(hours, 'hour');
  return RELATIVE.format(Math.round(hours / 24), 'day');
}

/** Options → Portal compatibility: one row per feature. */
export function CompatTable(props: { now: number }) {
  const record = useCompatRecord();
  if (!record) return null;
  const off = new Set(featuresOff(record));
  const ids = Object.keys(FEATURE_NAMES);
  return (
    <>
      <p class="acc-field__hint">
        Each in-portal feature checks that the portal’s page still looks as it expects. When it does not, the feature stays off on that
        page instead of guessing; the popup keeps working. This is kept in this browser only.
      </p>
      <table class="acc-opt-compat">
        <thead>
          <tr>
            <th scope="col">Feature</th>
            <th scope="col">Last worked</th>
            <th scope="col">Last found the page changed</th>
            <th scope="col">Now</th>
          </tr>
        </thead>
        <tbody>
          {ids.map((id) => {
            const c = record[id];
            return (
              <tr key={id}>
                <th scope="row">{FEATURE_NAMES[id]}</th>
                <td>{ago(c?.lastWorkedAt ?? null, props.now)}</td>
                <td>{ago(c?.lastMissingAt ?? null, props.now)}</td>
                <td>{off.has(id) ? 'Off' : c ? 'On' : 'Not used yet'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
