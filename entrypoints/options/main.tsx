import { render } from 'preact';
import '@/components/components.css';
import '@/components/pages.css';
import './options.css';
import { t } from '@/utils/i18n';
import { App } from './App';

document.title = t('options.pageTitle');

const root = document.getElementById('app');
if (root) render(<App />, root);
