import { describe, expect, it } from 'vitest';
import { describeLoadError } from '../../../src/domain/viewer/load-errors';
import { formatDicomDate, formatVoi, formatZoom, overlayText } from '../../../src/domain/viewer/overlay';
import { actionForKey, SHORTCUTS, shortcutLabel } from '../../../src/domain/viewer/shortcuts';

describe('overlay text', () => {
  it('fills the four corners', () => {
    const text = overlayText({
      header: { patientName: 'DOE, Jane', patientID: 'P1', studyDate: '20240102', description: 'CT CHEST' },
      seriesNumber: 3,
      seriesDescription: 'Lung 1mm',
      modality: 'CT',
      imageIndex: 4,
      imageCount: 30,
      voi: { windowWidth: 1500.4, windowCenter: -600 },
      zoom: 1.5,
      calibrationLabel: 'mm',
    });
    expect(text).toEqual({
      topLeft: ['DOE, Jane', 'ID P1'],
      topRight: ['CT CHEST', '2024-01-02'],
      bottomLeft: ['Se 3 · CT · Lung 1mm', 'Im 5/30'],
      bottomRight: ['W 1500 / L -600', 'Zoom 150%', 'mm'],
    });
  });

  it.each([
    ['20240102', '2024-01-02'],
    ['2024', '2024'],
    ['', ''],
  ])('date %s → %s', (da, shown) => expect(formatDicomDate(da)).toBe(shown));

  it('shows placeholders before the first image', () => {
    expect(formatVoi(null)).toBe('W/L —');
    expect(formatZoom(null)).toBe('Zoom —');
    expect(formatZoom(Number.NaN)).toBe('Zoom —');
  });
});

describe('shortcuts', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) =>
    actionForKey({ key: k, ctrlKey: false, altKey: false, metaKey: false, ...mods });

  it.each([
    ['w', { type: 'tool', tool: 'WindowLevel' }],
    ['L', { type: 'tool', tool: 'Length' }],
    ['1', { type: 'preset', preset: 'lung' }],
    [' ', { type: 'cine' }],
    ['PageDown', { type: 'study', delta: 1 }],
    ['x', null],
  ])('%j → %j', (k, action) => expect(key(k)).toEqual(action));

  it('leaves modified keys to the browser', () => {
    expect(key('w', { ctrlKey: true })).toBeNull();
  });

  it('has one action per key and a label for each', () => {
    expect(new Set(SHORTCUTS.map((s) => s.key)).size).toBe(SHORTCUTS.length);
    expect(shortcutLabel(' ')).toBe('Space');
    expect(shortcutLabel('l')).toBe('L');
  });
});

describe('describeLoadError', () => {
  it.each([
    [new Error('bad frame'), 'bad frame'],
    [349032, 'the codec rejected the compressed pixel data'],
    [{ status: 400 }, 'the PACS answered HTTP 400'],
    [{ error: new Error('nested') }, 'nested'],
    ['plain text', 'plain text'],
    [undefined, 'cannot load or decode this image'],
  ])('%o → %s', (error, text) => expect(describeLoadError(error)).toBe(text));
});
