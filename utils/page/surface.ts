/**
 * Pinned row cells (Feature.pinned) cover the row's last visible cells, so they must be painted with what the
 * row shows behind them: its background at rest, hovered or selected, whatever the portal's theme. This reads
 * the row's computed background (composited over its ancestors until opaque) and sets it on our own host as
 * `--acc-row-bg`; portal nodes are only read.
 *
 * When: the feature runner reads the colour of every row it looks at in a batch (new rows, a selection change,
 * a re-render under a resting pointer) in its read phase, before it mounts anything; and the tracker here
 * repaints the two rows involved when the pointer moves from one row to another (hover changes no DOM, so no
 * batch sees it), reads before writes.
 */
import { SELECTOR } from './selectors';

/** Marks a pinned host (see Feature.pinned); page.css pins and paints it. */
export const PINNED_ATTRIBUTE = 'data-acc-pin';
export const ROW_BACKGROUND_PROPERTY = '--acc-row-bg';

const PINNED = `[${PINNED_ATTRIBUTE}]`;

interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

/** `rgb(1, 2, 3)`, `rgba(1, 2, 3, 0.5)` or `rgb(1 2 3 / 50%)`; null for other notations. */
export function parseRgb(value: string): Rgba | null {
  const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/.exec(value.trim());
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : Number(m[4]) / (m[5] ? 100 : 1);
  return { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]), a: Math.min(1, Math.max(0, alpha)) };
}

/** Paints `top` over `bottom` (source-over). */
function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a + bottom.a * (1 - top.a);
  if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
  const mix = (t: number, b: number) => Math.round((t * top.a + b * bottom.a * (1 - top.a)) / a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
}

/**
 * The colour an element shows behind its content: its background composited over its ancestors' until one is
 * opaque. Null when nothing on the way is opaque (our fallback colour stays). A notation we cannot composite is
 * used as is when nothing translucent lies above it.
 */
export function opaqueBackground(el: Element): string | null {
  const view = el.ownerDocument.defaultView;
  if (!view) return null;
  const layers: Rgba[] = [];
  for (let node: Element | null = el; node; node = node.parentElement) {
    const raw = view.getComputedStyle(node).backgroundColor;
    const rgba = parseRgb(raw);
    if (!rgba) {
      if (layers.length === 0 && raw && raw !== 'transparent') return raw;
      continue;
    }
    if (rgba.a === 0) continue;
    layers.push(rgba);
    if (rgba.a >= 1) break;
  }
  const base = layers.pop();
  if (!base || base.a < 1) return null;
  const c = layers.reduceRight((below, layer) => over(layer, below), base);
  return `rgb(${c.r}, ${c.g}, ${c.b})`;
}

/** Sets the colour a pinned host is painted with (null: its fallback); a write only when it changed. */
export function paintHost(host: HTMLElement, colour: string | null): void {
  if (!colour) host.style.removeProperty(ROW_BACKGROUND_PROPERTY);
  else if (host.style.getPropertyValue(ROW_BACKGROUND_PROPERTY) !== colour) host.style.setProperty(ROW_BACKGROUND_PROPERTY, colour);
}

export interface RowSurfaces {
  disconnect(): void;
}

function paintHosts(hosts: readonly HTMLElement[]): void {
  // Reads first (one style recalc), then writes.
  const colours = hosts.map((host) => {
    const row = host.closest(SELECTOR.row) ?? host.parentElement;
    return row ? opaqueBackground(row) : null;
  });
  hosts.forEach((host, i) => paintHost(host, colours[i] ?? null));
}

/** Repaints pinned hosts when the pointer moves from one row to another. */
export function trackRowSurfaces(doc: Document): RowSurfaces {
  let hovered: Element | null = null;

  function pinnedIn(rows: readonly (Element | null)[]): HTMLElement[] {
    const hosts: HTMLElement[] = [];
    for (const row of rows) if (row) hosts.push(...row.querySelectorAll<HTMLElement>(PINNED));
    return hosts;
  }

  function onPointer(event: PointerEvent): void {
    const target = event.type === 'pointerout' ? event.relatedTarget : event.target;
    const row = target instanceof Element ? target.closest(SELECTOR.row) : null;
    if (row === hovered) return;
    const left = hovered;
    hovered = row;
    const hosts = pinnedIn([left, row]);
    if (hosts.length > 0) paintHosts(hosts);
  }

  const options = { capture: true, passive: true } as const;
  doc.addEventListener('pointerover', onPointer, options);
  doc.addEventListener('pointerout', onPointer, options);

  return {
    disconnect() {
      doc.removeEventListener('pointerover', onPointer, options);
      doc.removeEventListener('pointerout', onPointer, options);
    },
  };
}
