/** The canvas's rules that need no browser: what a drop means, which key does what, where the view goes. */
import { describe, expect, it } from 'vitest';
import { canvasKeyAction, isMapFieldKey } from './canvas-keys.ts';
import { columnChoices, dropFieldOnColumn } from './drop.ts';
import { firstView, fitAll, MIN_ZOOM, READABLE_ZOOM } from './viewport.ts';

const MAPPINGS = {
  empty: { type: 'string', expression: 'NULL' },
  account: { type: 'string', expression: 'ACTNUMST' },
  odd: { type: 'string', expression: '[Vendor Name]' },
};

describe('dropping a field on a column', () => {
  it('maps a column waiting for a field at once', () => {
    expect(dropFieldOnColumn(MAPPINGS, 'empty', 'DSCRIPTN')).toEqual({
      kind: 'map',
      column: 'empty',
      field: 'DSCRIPTN',
    });
  });

  it('asks before replacing a formula, showing the formula', () => {
    expect(dropFieldOnColumn(MAPPINGS, 'account', 'DSCRIPTN')).toEqual({
      kind: 'ask',
      column: 'account',
      field: 'DSCRIPTN',
      current: 'ACTNUMST',
    });
  });

  it('does nothing when the column already reads that field (odd names compared as written)', () => {
    expect(dropFieldOnColumn(MAPPINGS, 'odd', 'Vendor Name')).toEqual({
      kind: 'nothing',
      why: 'odd already reads Vendor Name.',
    });
    expect(dropFieldOnColumn(MAPPINGS, 'gone', 'X').kind).toBe('nothing');
  });
});

describe('canvas keys', () => {
  const press = (
    key: string,
    extra: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {},
  ) => canvasKeyAction({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...extra });

  it('maps the documented keys, on Windows/Linux and on a Mac', () => {
    expect(press('Delete')).toBe('delete');
    expect(press('Backspace')).toBe('delete');
    expect(press('c', { ctrlKey: true })).toBe('copy');
    expect(press('v', { metaKey: true })).toBe('paste');
    expect(press('x', { ctrlKey: true })).toBe('cut');
    expect(press('a', { ctrlKey: true })).toBe('select-all');
    expect(press('f')).toBe('fit-view');
    expect(press('F')).toBe('fit-view');
  });

  it('leaves undo, redo and other keys to the studio', () => {
    expect(press('z', { ctrlKey: true })).toBeNull();
    expect(press('z', { ctrlKey: true, shiftKey: true })).toBeNull();
    expect(press('y', { ctrlKey: true })).toBeNull();
    expect(press('s', { ctrlKey: true })).toBeNull();
    expect(press('f', { ctrlKey: true })).toBeNull();
    expect(press('Delete', { altKey: true })).toBeNull();
  });
});

describe('viewport', () => {
  const box = { width: 1200, height: 450 };

  it('fits a small drawing whole, never enlarged past 100%', () => {
    const view = fitAll({ x: 0, y: -48, width: 1070, height: 400 }, box);
    expect(view.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(view.zoom).toBeLessThanOrEqual(1);
    expect(firstView({ x: 0, y: -48, width: 1070, height: 400 }, box)).toEqual(view);
    expect(fitAll({ x: 0, y: 0, width: 100, height: 50 }, box).zoom).toBe(1);
  });

  it('opens a long drawing readable at its top, and "fit view" still shows all of it', () => {
    const long = { x: 0, y: -48, width: 1070, height: 300 * 52 + 48 };
    const first = firstView(long, box);
    expect(first.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    // The top of the drawing (y = -48) is on screen, just under the edge.
    expect(first.y + long.y * first.zoom).toBeGreaterThan(0);
    expect(first.y + long.y * first.zoom).toBeLessThan(50);
    const all = fitAll(long, box);
    expect(all.zoom).toBeLessThan(READABLE_ZOOM);
    expect(all.zoom).toBeGreaterThanOrEqual(MIN_ZOOM);
    expect(long.height * all.zoom).toBeLessThanOrEqual(box.height);
  });
});

describe('mapping a field by keyboard', () => {
  const press = (key: string, more: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...more,
  });

  it('starts on a plain Enter only', () => {
    expect(isMapFieldKey(press('Enter'))).toBe(true);
    expect(isMapFieldKey(press('Enter', { ctrlKey: true }))).toBe(false);
    expect(isMapFieldKey(press('Enter', { shiftKey: true }))).toBe(false);
    expect(isMapFieldKey(press(' '))).toBe(false);
  });

  it('offers the columns waiting for a field first, then the rest, in the file order', () => {
    expect(columnChoices(MAPPINGS)).toEqual(['empty', 'account', 'odd']);
    expect(
      columnChoices({ a: { type: 'string', expression: 'X' }, b: { type: 'string', expression: 'NULL' } }),
    ).toEqual(['b', 'a']);
    expect(columnChoices({})).toEqual([]);
  });
});
