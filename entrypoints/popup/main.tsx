import { render } from 'preact';
import '@/components/components.css';
import '@/components/pages.css';
import './popup.css';
import { App } from './App';
import { createPopupStore } from './store';

// Reads start before the first render (an effect would run only after the first paint), so the database and
// the background work while Preact renders the shell.
const store = createPopupStore();
store.start();
const root = document.getElementById('app');
if (root) render(<App store={store} />, root);
