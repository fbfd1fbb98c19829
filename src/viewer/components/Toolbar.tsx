import { SHORTCUTS, shortcutLabel, type ViewerAction } from '../shortcuts';
import { useViewerStore } from '../viewer-store';

function isActive(action: ViewerAction, activeTool: string, cinePlaying: boolean): boolean {
  return (action.type === 'tool' && action.tool === activeTool) || (action.type === 'cine' && cinePlaying);
}

/** Every shortcut is also a button, with its key shown: one source of truth in shortcuts.ts. */
export function Toolbar({ onAction }: { onAction: (action: ViewerAction) => void }) {
  const activeTool = useViewerStore((s) => s.activeTool);
  const cinePlaying = useViewerStore((s) => s.cinePlaying);
  return (
    <div className="viewer-toolbar" role="toolbar" aria-label="Viewer tools">
      {SHORTCUTS.map((s) => (
        <button
          key={s.key}
          type="button"
          className={isActive(s.action, activeTool, cinePlaying) ? 'viewer-tool viewer-tool-active' : 'viewer-tool'}
          aria-pressed={s.action.type === 'tool' || s.action.type === 'cine' ? isActive(s.action, activeTool, cinePlaying) : undefined}
          title={`${s.label} (${shortcutLabel(s.key)})`}
          onClick={() => onAction(s.action)}
        >
          {s.label} <kbd>{shortcutLabel(s.key)}</kbd>
        </button>
      ))}
    </div>
  );
}
