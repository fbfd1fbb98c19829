import { usePriors } from '../../services/priors/priors-store';
import { SHORTCUTS, shortcutLabel, type ViewerAction } from '../../domain/viewer/shortcuts';
import { useViewerStore } from '../../services/viewer/viewer-store';
import { usePanels } from '../../services/viewer/panels-store';

interface ToolbarState {
  activeTool: string;
  cinePlaying: boolean;
  compareOpen: boolean;
  subtraction: boolean;
  hasPriors: boolean;
  panelsOpen: boolean;
}

/** Whether a toggle is on; undefined for plain actions (no aria-pressed). */
function pressed(action: ViewerAction, s: ToolbarState): boolean | undefined {
  switch (action.type) {
    case 'tool':
      return action.tool === s.activeTool;
    case 'cine':
      return s.cinePlaying;
    case 'compare':
      return s.compareOpen;
    case 'subtraction':
      return s.subtraction;
    case 'panels':
      return s.panelsOpen;
    default:
      return undefined;
  }
}

function disabled(action: ViewerAction, s: ToolbarState): boolean {
  if (action.type === 'compare' || action.type === 'prior') return !s.hasPriors;
  return action.type === 'subtraction' && !s.compareOpen;
}

/** Every shortcut is also a button, with its key shown: one source of truth in shortcuts.ts. */
export function Toolbar({ onAction }: { onAction: (action: ViewerAction) => void }) {
  const activeTool = useViewerStore((s) => s.activeTool);
  const cinePlaying = useViewerStore((s) => s.cinePlaying);
  const compareOpen = usePriors((s) => s.compareOpen);
  const subtraction = usePriors((s) => s.subtraction);
  const hasPriors = usePriors((s) => (s.lookup?.priors.length ?? 0) > 0);
  const panelsOpen = usePanels((s) => s.open);
  const state: ToolbarState = { activeTool, cinePlaying, compareOpen, subtraction, hasPriors, panelsOpen };
  return (
    <div className="viewer-toolbar" role="toolbar" aria-label="Viewer tools">
      {SHORTCUTS.map((s) => {
        const on = pressed(s.action, state);
        return (
          <button
            key={s.key}
            type="button"
            className={on ? 'viewer-tool viewer-tool-active' : 'viewer-tool'}
            aria-pressed={on}
            disabled={disabled(s.action, state)}
            title={`${s.label} (${shortcutLabel(s.key)})`}
            onClick={() => onAction(s.action)}
          >
            {s.label} <kbd>{shortcutLabel(s.key)}</kbd>
          </button>
        );
      })}
    </div>
  );
}
