import { render } from 'preact';
import '@/components/components.css';
import '@/components/pages.css';
import './options.css';
import { App } from './App';

const root = document.getElementById('app');
if (root) render(<App />, root);
