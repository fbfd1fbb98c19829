import { describe, expect, it } from 'vitest';
import { actionForKey, SHORTCUTS, shortcutLabel } from '../../../src/domain/viewer/shortcuts';

const key = (k: string) => ({ key: k, ctrlKey: false, altKey: false, metaKey: false });

describe('side panels shortcut', () => {
  it('O (either case) folds the side panels to a rail and back, and the toolbar lists it', () => {
    expect(actionForKey(key('o'))).toEqual({ type: 'panels' });
    expect(actionForKey(key('O'))).toEqual({ type: 'panels' });
    expect(actionForKey({ ...key('o'), ctrlKey: true })).toBeNull();
    expect(SHORTCUTS.find((s) => s.action.type === 'panels')).toMatchObject({ key: 'o', label: 'Side panels' });
    expect(shortcutLabel('o')).toBe('O');
  });
});
