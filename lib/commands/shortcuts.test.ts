import { describe, expect, it } from 'vitest';
import { shortcutRows } from './shortcuts';

describe('the shortcuts list', () => {
  it('shows the keys the browser assigned, and none where none is', () => {
    const rows = shortcutRows([
      { name: '_execute_action', shortcut: 'Alt+Shift+P' },
      { name: 'queue-next', shortcut: '⌥⇧Q' },
      { name: 'toggle-camera', shortcut: '' },
    ]);
    expect(rows).toEqual([
      { name: 'toggle-camera', description: 'Switch the camera on or off', shortcut: null },
      { name: 'queue-next', description: 'Queue the next 5 tracks', shortcut: '⌥⇧Q' },
      { name: 'toggle-mode', description: 'Switch between Match and Lift', shortcut: null },
    ]);
  });
});
