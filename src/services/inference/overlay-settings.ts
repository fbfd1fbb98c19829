import { create } from 'zustand';

/** What the AI overlay on the viewer shows; set from the findings panel, read by the overlay canvas. */
export interface OverlaySettings {
  /** The finding whose Grad-CAM is drawn; null hides the heat map. */
  heatmapLabel: string | null;
  /** Heat-map opacity. */
  opacity: number;
  showLungs: boolean;
  /** Fill opacity of the lung segmentation. */
  lungOpacity: number;
  setHeatmapLabel(label: string | null): void;
  setOpacity(opacity: number): void;
  setShowLungs(show: boolean): void;
  setLungOpacity(opacity: number): void;
}

const unit = (value: number) => Math.min(1, Math.max(0, value));

export const useOverlaySettings = create<OverlaySettings>((set) => ({
  heatmapLabel: null,
  opacity: 0.5,
  showLungs: true,
  lungOpacity: 0.3,
  setHeatmapLabel: (heatmapLabel) => set({ heatmapLabel }),
  setOpacity: (opacity) => set({ opacity: unit(opacity) }),
  setShowLungs: (showLungs) => set({ showLungs }),
  setLungOpacity: (lungOpacity) => set({ lungOpacity: unit(lungOpacity) }),
}));
