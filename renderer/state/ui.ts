/**
 * What the analyst is looking at: the screen, the stream and target column selected, the dialog
 * open, and the last notice (an error in plain words, or a confirmation). No pipeline data here.
 */
import type { StateCreator } from 'zustand/vanilla';

export const SCREENS = ['connections', 'source', 'mapping', 'settings', 'lookups', 'plan', 'runs'] as const;
export type ScreenId = (typeof SCREENS)[number];

export type DialogId = 'open' | 'save-as' | 'export' | 'discard' | 'add-stream';

export interface Notice {
  readonly kind: 'error' | 'info';
  readonly text: string;
}

export interface UiSlice {
  readonly screen: ScreenId;
  readonly stream: string | null;
  readonly column: string | null;
  readonly dialog: DialogId | null;
  readonly notice: Notice | null;
  /** A stream just added: its canvas offers auto-map once the source's fields have arrived. */
  readonly autoMapOffer: string | null;
  show(screen: ScreenId): void;
  selectStream(stream: string | null): void;
  selectColumn(column: string | null): void;
  openDialog(dialog: DialogId | null): void;
  notify(notice: Notice | null): void;
  offerAutoMap(stream: string | null): void;
}

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  screen: 'mapping',
  stream: null,
  column: null,
  dialog: null,
  notice: null,
  autoMapOffer: null,
  show: (screen) => set({ screen }),
  selectStream: (stream) => set({ stream, column: null }),
  selectColumn: (column) => set({ column }),
  openDialog: (dialog) => set({ dialog }),
  notify: (notice) => set({ notice }),
  offerAutoMap: (autoMapOffer) => set({ autoMapOffer }),
});
