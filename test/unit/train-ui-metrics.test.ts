import { describe, expect, it } from 'vitest';
import { cellStyle, confusionCells, fixed, isPerfect, pct, sampleTime, windowsOfCell } from '../../src/renderer/src/lib/state/train-metrics';

const w = (t: string, p: string, confidence: number, start = 0) => ({
  recordingId: 1, recordingName: 'r1', start, end: start + 100, true: t, predicted: p, confidence
});

const metrics = {
  classes: ['rest', 'walk', 'run'],
  confusion: [
    [8, 2, 0],
    [1, 9, 0],
    [0, 0, 5]
  ],
  misclassified: [w('rest', 'walk', 0.6, 100), w('walk', 'rest', 0.7, 300), w('rest', 'walk', 0.9, 500)]
};

describe('confusion matrix helpers', () => {
  it('row-normalises the cells and marks the diagonal', () => {
    const cells = confusionCells(metrics);
    expect(cells[0].map((c) => c.share)).toEqual([0.8, 0.2, 0]);
    expect(cells[2][2]).toMatchObject({ count: 5, share: 1, diagonal: true });
    expect(cells[1][0]).toMatchObject({ trueIndex: 1, predIndex: 0, diagonal: false });
    expect(cellStyle(cells[0][2])).toBe('');
    expect(cellStyle(cells[0][1])).toMatch(/^background: rgba\(192, 57, 43/);
    expect(confusionCells({ confusion: [[0, 0], [0, 0]] })[0][0].share).toBe(0);
  });

  it('lists the windows of one cell, most confident first', () => {
    expect(windowsOfCell(metrics, 0, 1).map((x) => x.start)).toEqual([500, 100]);
    expect(windowsOfCell(metrics, 1, 0).map((x) => x.start)).toEqual([300]);
    expect(windowsOfCell(metrics, 2, 0)).toEqual([]);
  });

  it('knows a perfectly diagonal matrix', () => {
    expect(isPerfect(metrics)).toBe(false);
    expect(isPerfect({ confusion: [[3, 0], [0, 4]] })).toBe(true);
  });

  it('formats numbers for the panel', () => {
    expect(pct(0.87654)).toBe('87.7%');
    expect(pct(0.5, 0)).toBe('50%');
    expect(pct(null)).toBe('—');
    expect(pct(NaN)).toBe('—');
    expect(fixed(0.12345)).toBe('0.123');
    expect(sampleTime(125, 50)).toBe('2.50 s');
    expect(sampleTime(50 * 75, 50)).toBe('1:15.0');
    expect(sampleTime(7, 0)).toBe('7');
  });
});
