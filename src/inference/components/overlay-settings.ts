import { create } from 'zustand';

/** What the AI overlay on the viewer shows; set from the findings panel, read by the overlay canvas. */
export interface OverlaySettings {
  /** The finding whose Grad-CAM is drawn; null hides the heat map. */
  heatmapLabel: string | null;
  opacity: number;
  showLungs: boolean;
  setHeatmapLabel(label: string | null): void;
  setOpacity(opacity: number): void;
  setShowLungs(show: boolean): void;
}

export const useOverlaySettings = create<OverlaySettings>((set) => ({
  heatmapLabel: null,
  opacity: 0.5,
  showLungs: true,
  setHeatmapLabel: (heatmapLabel) => set({ heatmapLabel }),
  setOpacity: (opacity) => set({ opacity: Math.min(1, Math.max(0, opacity)) }),
  setShowLungs: (showLungs) => set({ showLungs }),
}));
