/**
 * The bench's figures and verdict (scripts/bench.ts), apart so that the rule "only ratios and counts can fail a
 * run" is unit-tested (test/unit/benchFigures.test.ts).
 */

export type Unit = 'ms' | 'kB' | 'MB' | 'x' | 'requests' | 'bytes' | 'frames';

/** Absolute times move with the machine and its load: they are reported, never budgeted. */
const UNBUDGETED: readonly Unit[] = ['ms'];

export interface Figure {
  readonly section: string;
  readonly name: string;
  readonly unit: Unit;
  /** Median of the samples; null when it could not be measured. */
  readonly value: number | null;
  /** For a ratio (unit 'x'): one ratio per interleaved pair. */
  readonly samples: readonly number[];
  /** For a ratio: smallest and largest pair ratio. */
  readonly spread?: readonly [number, number];
  /** The value must be at most this (null: reported only). */
  readonly budget: number | null;
  /** Fraction of the budget it may be exceeded by before the run fails. */
  readonly tolerance: number;
  readonly note?: string;
}

export type FigureInput = Omit<Figure, 'value' | 'tolerance'> & { tolerance?: number; value?: number | null };

export type Status = 'ok' | 'over' | 'n/a' | '';

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** A figure, its value the median of its samples unless given; throws on a budget for an absolute time. */
export function makeFigure(f: FigureInput): Figure {
  if (f.budget !== null && UNBUDGETED.includes(f.unit)) {
    throw new Error(`${f.section}: ${f.name}: a budget in ${f.unit} would depend on the machine; budget a ratio to a baseline instead`);
  }
  return { tolerance: 0, ...f, value: f.value !== undefined ? f.value : median(f.samples) };
}

/**
 * The measured side over its baseline, pair by pair (a[i] and b[i] were measured back to back): one ratio per
 * pair and their spread. Pairs where either side is missing or the baseline is 0 are left out.
 */
export function pairRatios(a: readonly number[], b: readonly number[]): { samples: number[]; spread?: readonly [number, number] } {
  const samples: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const r = a[i]! / b[i]!;
    if (Number.isFinite(r)) samples.push(r);
  }
  if (samples.length === 0) return { samples };
  return { samples, spread: [Math.min(...samples), Math.max(...samples)] };
}

/** 'over' and 'n/a' (a budgeted figure that could not be measured) fail the run; figures without a budget never do. */
export function statusOf(f: Figure): Status {
  if (f.budget === null) return '';
  if (f.value === null) return 'n/a';
  return f.value <= f.budget * (1 + f.tolerance) ? 'ok' : 'over';
}

export function formatSpread([lo, hi]: readonly [number, number]): string {
  return `${lo.toFixed(2)}–${hi.toFixed(2)}`;
}

export function formatValue(v: number | null, unit: Unit): string {
  if (v === null) return '—';
  switch (unit) {
    case 'ms':
      return `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
    case 'kB':
      return `${v.toFixed(1)} kB`;
    case 'MB':
      return `${v.toFixed(2)} MB`;
    case 'x':
      return `${v.toFixed(2)}×`;
    case 'frames':
      return `${v} frame${v === 1 ? '' : 's'}`;
    case 'requests':
      return `${v} request${v === 1 ? '' : 's'}`;
    default:
      return `${Math.round(v)} ${unit}`;
  }
}
