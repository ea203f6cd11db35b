import { describe, expect, it } from 'vitest';
import { makeFigure, pairRatios, statusOf } from '../../scripts/benchFigures';

describe('bench figures: pair ratios', () => {
  it('divides each pair by its own baseline, not the median of one side by the median of the other', () => {
    // A slow moment slows both sides of its pair: the pairs' ratios stay 1.2 while the sides' medians do not.
    const baseline = [10, 100, 10, 100, 10];
    const measured = [12, 120, 12, 120, 12];
    const { samples, spread } = pairRatios(measured, baseline);
    expect(samples.map((r) => Number(r.toFixed(6)))).toEqual([1.2, 1.2, 1.2, 1.2, 1.2]);
    expect(spread).toEqual([samples[0], samples[0]]);
    expect(makeFigure({ section: 's', name: 'r', unit: 'x', samples, spread, budget: 1.25 }).value).toBeCloseTo(1.2);
  });

  it('leaves out pairs with a zero or missing baseline and reports the spread of the rest', () => {
    const { samples, spread } = pairRatios([3, 5, 8, 9], [1, 0, 4]);
    expect(samples).toEqual([3, 2]);
    expect(spread).toEqual([2, 3]);
    expect(pairRatios([1], [0])).toEqual({ samples: [] });
  });
});

describe('bench figures: verdict', () => {
  it('fails a ratio or a count over its budget, and a budgeted figure that could not be measured', () => {
    expect(statusOf(makeFigure({ section: 's', name: 'r', unit: 'x', samples: [1.3], budget: 1.25 }))).toBe('over');
    expect(statusOf(makeFigure({ section: 's', name: 'r', unit: 'x', samples: [1.25], budget: 1.25 }))).toBe('ok');
    expect(statusOf(makeFigure({ section: 's', name: 'n', unit: 'requests', samples: [2], budget: 1 }))).toBe('over');
    expect(statusOf(makeFigure({ section: 's', name: 'r', unit: 'x', samples: [], budget: 1.1 }))).toBe('n/a');
  });

  it('never fails on a figure without a budget, measured or not', () => {
    expect(statusOf(makeFigure({ section: 's', name: 't', unit: 'ms', samples: [900], budget: null }))).toBe('');
    expect(statusOf(makeFigure({ section: 's', name: 't', unit: 'ms', samples: [], budget: null }))).toBe('');
  });

  it('refuses a budget on an absolute time', () => {
    expect(() => makeFigure({ section: 's', name: 't', unit: 'ms', samples: [5], budget: 16 })).toThrow(/ratio to a baseline/);
  });
});
