// @ts-check
/**
 * The page's configuration: the server's FakeConfig as pages.ts writes it into the page (`#fake-portal-config`),
 * read once; the language and theme land on <html> as soon as the app loads.
 */

/**
 * @typedef {{
 *   renderDelayMs: number,
 *   theme: 'light' | 'dark',
 *   language: 'en' | 'de',
 *   columnKeys: 'api' | 'app',
 *   redesign: 'none' | 'classes' | 'noApprovalColumn',
 *   analyst: string,
 *   actionTypeLabels: Record<string, string>,
 *   actionSourceLabels: Record<string, string>,
 *   entityTypeLabels: Record<string, string>,
 *   decisionShape: 'guess' | 'approvals' | 'autoir',
 *   tenantId: string,
 * }} PageConfig
 */

/** @returns {PageConfig} */
function readConfig() {
  /** @type {PageConfig} */
  const fallback = { renderDelayMs: 150, theme: 'light', language: 'en', columnKeys: 'api', redesign: 'none', analyst: 'analyst', actionTypeLabels: {}, actionSourceLabels: {}, entityTypeLabels: {}, decisionShape: 'guess', tenantId: '' };
  try {
    const raw = JSON.parse(document.getElementById('fake-portal-config')?.textContent ?? '{}');
    const record = (/** @type {unknown} */ v) => (v && typeof v === 'object' && !Array.isArray(v) ? /** @type {Record<string, string>} */ (v) : {});
    return {
      renderDelayMs: Number.isFinite(raw.renderDelayMs) && raw.renderDelayMs >= 0 ? raw.renderDelayMs : fallback.renderDelayMs,
      theme: raw.theme === 'dark' ? 'dark' : 'light',
      language: raw.language === 'de' ? 'de' : 'en',
      columnKeys: raw.columnKeys === 'app' ? 'app' : 'api',
      redesign: raw.redesign === 'classes' || raw.redesign === 'noApprovalColumn' ? raw.redesign : 'none',
      analyst: typeof raw.analyst === 'string' ? raw.analyst : fallback.analyst,
      actionTypeLabels: record(raw.actionTypeLabels),
      actionSourceLabels: record(raw.actionSourceLabels),
      entityTypeLabels: record(raw.entityTypeLabels),
      decisionShape: raw.decisionShape === 'approvals' || raw.decisionShape === 'autoir' ? raw.decisionShape : 'guess',
      tenantId: typeof raw.tenantId === 'string' ? raw.tenantId : '',
    };
  } catch {
    return fallback;
  }
}

export const CONFIG = /** @type {PageConfig} */ (readConfig());
export const ROOT_EL = document.documentElement;
ROOT_EL.lang = CONFIG.language;
ROOT_EL.classList.remove('theme-light', 'theme-dark');
ROOT_EL.classList.add(`theme-${CONFIG.theme}`);
