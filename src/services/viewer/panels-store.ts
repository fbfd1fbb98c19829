/** Whether the viewer's side panels (series; findings, report, measurements) are open or folded to a rail. Kept in this browser. */
import { create } from 'zustand';

const KEY = 'dokuei.viewer.panels';

function stored(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'rail';
  } catch {
    return true;
  }
}

export interface PanelsState {
  /** Open by default: a reader wants the findings and the report beside the image. */
  open: boolean;
  toggle(): void;
  setOpen(open: boolean): void;
}

export const usePanels = create<PanelsState>((set, get) => ({
  open: stored(),
  toggle: () => get().setOpen(!get().open),
  setOpen(open) {
    set({ open });
    try {
      localStorage.setItem(KEY, open ? 'open' : 'rail');
    } catch {
      // storage unavailable: the choice holds for this page
    }
  },
}));
