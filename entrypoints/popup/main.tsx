import { render } from 'preact';
import '@/components/components.css';
import '@/components/pages.css';
import './popup.css';
import { App } from './App';
import { createPopupStore } from './store';
import { t } from '@/utils/i18n';

// index.html's <title> is the English fallback for the instant before this runs.
document.title = t('ext.name');

// Reads start before the first render (an effect would run only after the first paint), so the database and
// the background work while Preact renders the shell.
const store = createPopupStore();
store.start();
const root = document.getElementById('app');
if (root) render(<App store={store} />, root);
