import { HEAT_GRADIENT_CSS } from './colormap';
import { useOverlaySettings } from '../../services/inference/overlay-settings';

/** Heat-map opacity and legend; the lung segmentation's toggle and opacity. */
export function OverlayControls({ hasLungs }: { hasLungs: boolean }) {
  const { heatmapLabel, opacity, showLungs, lungOpacity, setOpacity, setShowLungs, setLungOpacity } = useOverlaySettings();
  return (
    <div className="ai-overlay-controls">
      {heatmapLabel && (
        <>
          <label>
            Heat-map opacity{' '}
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={opacity}
              aria-label="Heat-map opacity"
              onChange={(e) => setOpacity(Number(e.target.value))}
            />
          </label>
          <div aria-label="Heat-map legend" data-testid="ai-heatmap-legend">
            <div style={{ background: HEAT_GRADIENT_CSS, height: 8, borderRadius: 2 }} />
            <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 11 }}>
              <span>low</span>
              <span>Grad-CAM evidence for {heatmapLabel}</span>
              <span>high</span>
            </div>
          </div>
        </>
      )}
      {hasLungs && (
        <>
          <label>
            <input type="checkbox" checked={showLungs} onChange={(e) => setShowLungs(e.target.checked)} /> Lung mask
          </label>{' '}
          <label>
            opacity{' '}
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={lungOpacity}
              aria-label="Lung mask opacity"
              onChange={(e) => setLungOpacity(Number(e.target.value))}
            />
          </label>
        </>
      )}
    </div>
  );
}
