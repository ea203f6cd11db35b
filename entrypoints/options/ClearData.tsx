/** Options → "Local data": clears the audit log, the cached actions and the notification record, after a yes. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { request } from '@/utils/messages';

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function ClearData() {
  const [phase, setPhase] = useState<'idle' | 'confirm' | 'busy' | 'done' | 'failed'>('idle');
  const [message, setMessage] = useState('');
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (phase === 'confirm') confirmRef.current?.focus();
  }, [phase]);
  const clear = async () => {
    setPhase('busy');
    try {
      await request('clearLocalData', undefined);
      setPhase('done');
      setMessage(t('options.clearDone'));
    } catch (error) {
      setPhase('failed');
      setMessage(t('options.clearFailed', [describeError(error)]));
    }
  };
  return (
    <div>
      <p class="acc-field__hint">{t('options.clearHint')}</p>
      {phase === 'confirm' || phase === 'busy' ? (
        <div class="acc-opt-confirm acc-opt-clear" role="group" aria-labelledby="acc-clear-q">
          <p id="acc-clear-q" class="acc-opt-confirm__q">
            {t('options.clearQuestion')}
          </p>
          <button ref={confirmRef} type="button" class="acc-btn acc-btn--danger" disabled={phase === 'busy'} onClick={() => void clear()}>
            {t('options.clearYes')}
          </button>
          <button type="button" class="acc-btn" disabled={phase === 'busy'} onClick={() => setPhase('idle')}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" class="acc-btn acc-opt-clear" onClick={() => setPhase('confirm')}>
          {t('options.clearStart')}
        </button>
      )}
      <p class="acc-opt-status" role="status">
        {phase === 'done' || phase === 'failed' ? message : ''}
      </p>
    </div>
  );
}
