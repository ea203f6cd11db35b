/**
 * The bench's baseline page (built only with ACC_BENCH=1, see wxt.config.ts): an extension page of the same build
 * that loads the popup's CSS and paints one line of text, so the popup's first list paint is budgeted as a ratio
 * to what any extension page costs on the same machine at the same moment.
 */
import '@/components/components.css';
import '@/components/pages.css';
import '../popup/popup.css';

const line = document.createElement('p');
line.dataset.benchLine = '';
line.textContent = 'Action Center Companion';
document.getElementById('app')?.append(line);
