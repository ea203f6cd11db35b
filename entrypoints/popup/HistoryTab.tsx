/**
 * The History tab, loaded when it first opens. The popup opens on Pending; History and its audit export are code
 * the first list paint does not need, and the popup's size budget counts what loads at start (README
 * "Performance"). A dynamic import is Vite's ordinary code splitting: the chunk ships in the extension.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { HistoryView } from './HistoryView';

type View = typeof HistoryView;
let loaded: View | null = null;

export function HistoryTab(props: Parameters<View>[0]): JSX.Element | null {
  const [View, setView] = useState<View | null>(() => loaded);
  useEffect(() => {
    if (View) return;
    let live = true;
    void import('./HistoryView').then((module) => {
      loaded = module.HistoryView;
      if (live) setView(() => module.HistoryView);
    });
    return () => {
      live = false;
    };
  }, [View]);
  return View ? <View {...props} /> : null;
}
