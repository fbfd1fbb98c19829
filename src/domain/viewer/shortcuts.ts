/** Keyboard map of the viewer: one table feeds both the key handler and the toolbar hints. */

export type ToolName = 'WindowLevel' | 'Pan' | 'Zoom' | 'StackScroll' | 'Length' | 'Angle' | 'RectangleROI';

export type ViewerAction =
  | { type: 'tool'; tool: ToolName }
  | { type: 'preset'; preset: 'lung' | 'mediastinum' | 'bone' }
  | { type: 'scroll'; delta: number }
  | { type: 'invert' }
  | { type: 'rotate'; degrees: 90 | -90 }
  | { type: 'flip'; axis: 'horizontal' | 'vertical' }
  | { type: 'reset' }
  | { type: 'cine' }
  | { type: 'study'; delta: 1 | -1 }
  | { type: 'worklist' }
  | { type: 'compare' }
  /** 1: the next prior along the strip (older), -1: the previous one (newer). */
  | { type: 'prior'; delta: 1 | -1 }
  | { type: 'subtraction' }
  /** Side panels open ↔ folded to a rail (the image takes the width). */
  | { type: 'panels' };

/** Actions of the compare layout, handled by the priors slice rather than the viewer's. */
export type CompareAction = Extract<ViewerAction, { type: 'compare' | 'prior' | 'subtraction' }>;

export function isCompareAction(action: ViewerAction): action is CompareAction {
  return action.type === 'compare' || action.type === 'prior' || action.type === 'subtraction';
}

export interface Shortcut {
  key: string;
  label: string;
  action: ViewerAction;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { key: 'w', label: 'Window/level', action: { type: 'tool', tool: 'WindowLevel' } },
  { key: 'p', label: 'Pan', action: { type: 'tool', tool: 'Pan' } },
  { key: 'z', label: 'Zoom', action: { type: 'tool', tool: 'Zoom' } },
  { key: 's', label: 'Scroll', action: { type: 'tool', tool: 'StackScroll' } },
  { key: 'l', label: 'Length', action: { type: 'tool', tool: 'Length' } },
  { key: 'a', label: 'Angle', action: { type: 'tool', tool: 'Angle' } },
  { key: 'r', label: 'Rectangle ROI', action: { type: 'tool', tool: 'RectangleROI' } },
  { key: '1', label: 'Lung', action: { type: 'preset', preset: 'lung' } },
  { key: '2', label: 'Mediastinum', action: { type: 'preset', preset: 'mediastinum' } },
  { key: '3', label: 'Bone', action: { type: 'preset', preset: 'bone' } },
  { key: 'i', label: 'Invert', action: { type: 'invert' } },
  { key: ']', label: 'Rotate right', action: { type: 'rotate', degrees: 90 } },
  { key: '[', label: 'Rotate left', action: { type: 'rotate', degrees: -90 } },
  { key: 'h', label: 'Flip horizontal', action: { type: 'flip', axis: 'horizontal' } },
  { key: 'v', label: 'Flip vertical', action: { type: 'flip', axis: 'vertical' } },
  { key: 'Escape', label: 'Reset view', action: { type: 'reset' } },
  { key: ' ', label: 'Cine play/stop', action: { type: 'cine' } },
  { key: 'ArrowDown', label: 'Next image', action: { type: 'scroll', delta: 1 } },
  { key: 'ArrowUp', label: 'Previous image', action: { type: 'scroll', delta: -1 } },
  { key: 'PageDown', label: 'Next study', action: { type: 'study', delta: 1 } },
  { key: 'PageUp', label: 'Previous study', action: { type: 'study', delta: -1 } },
  { key: 'b', label: 'Back to worklist', action: { type: 'worklist' } },
  { key: 'c', label: 'Compare with prior', action: { type: 'compare' } },
  { key: ',', label: 'Older prior', action: { type: 'prior', delta: 1 } },
  { key: '.', label: 'Newer prior', action: { type: 'prior', delta: -1 } },
  { key: 'd', label: 'Subtraction', action: { type: 'subtraction' } },
  { key: 'o', label: 'Side panels', action: { type: 'panels' } },
];

/** Plain keys only: with Ctrl/Alt/Meta the browser or OS keeps the key. Letters match either case. */
export function actionForKey(event: { key: string; ctrlKey: boolean; altKey: boolean; metaKey: boolean }): ViewerAction | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return SHORTCUTS.find((s) => s.key === key)?.action ?? null;
}

export function shortcutLabel(key: string): string {
  const names: Record<string, string> = { ' ': 'Space', Escape: 'Esc', ArrowDown: '↓', ArrowUp: '↑', PageDown: 'PgDn', PageUp: 'PgUp' };
  return names[key] ?? key.toUpperCase();
}
