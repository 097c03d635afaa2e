import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { fakeContext } from '@/test/support/background';
import { COMMANDS, manifestCommands } from './commands';
import { type CommandHandlers, createCommandsService } from './service';

/** A command source the test fires by hand, and handlers that record what they were asked. */
function setup(settings = DEFAULT_SETTINGS) {
  const ctx = fakeContext();
  ctx.settings.value = settings;
  const listeners: ((name: string) => void)[] = [];
  const calls: unknown[][] = [];
  const handlers: CommandHandlers = {
    setCameraEnabled: (enabled, from) => void calls.push(['setCameraEnabled', enabled, from]),
    queueTracks: (request, from) => void calls.push(['queueTracks', request, from]),
    updateDjSettings: (patch, from) => void calls.push(['updateDjSettings', patch, from]),
  };
  const service = createCommandsService(ctx, { commands: { onCommand: (l) => listeners.push(l) }, handlers });
  const fire = async (name: string) => {
    for (const listener of listeners) listener(name);
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { ctx, service, listeners, calls, fire };
}

const withCamera = (enabled: boolean) => ({ ...DEFAULT_SETTINGS, camera: { ...DEFAULT_SETTINGS.camera, enabled } });
const withMode = (mode: 'match' | 'lift') => ({ ...DEFAULT_SETTINGS, dj: { ...DEFAULT_SETTINGS.dj, mode } });

describe('keyboard shortcuts', () => {
  it('listen as soon as the service is built (MV3 wakes the worker only for listeners added at once)', () => {
    expect(setup().listeners).toHaveLength(1);
  });

  it('switch the camera through the camera switch', async () => {
    const off = setup(withCamera(false));
    await off.fire('toggle-camera');
    expect(off.calls).toEqual([['setCameraEnabled', true, 'extension-page']]);
    const on = setup(withCamera(true));
    await on.fire('toggle-camera');
    expect(on.calls).toEqual([['setCameraEnabled', false, 'extension-page']]);
  });

  it('queue the next five, as the panel\'s "Queue 5" does', async () => {
    const { calls, fire } = setup();
    await fire('queue-next');
    expect(calls).toEqual([['queueTracks', { count: 5 }, 'extension-page']]);
  });

  it('switch Match and Lift', async () => {
    const match = setup(withMode('match'));
    await match.fire('toggle-mode');
    expect(match.calls).toEqual([['updateDjSettings', { mode: 'lift' }, 'extension-page']]);
    const lift = setup(withMode('lift'));
    await lift.fire('toggle-mode');
    expect(lift.calls).toEqual([['updateDjSettings', { mode: 'match' }, 'extension-page']]);
  });

  it('ignore commands they do not know, and report a failing action', async () => {
    const { ctx, calls, fire } = setup();
    await fire('_execute_action');
    expect(calls).toEqual([]);
    const failing = fakeContext();
    const listeners: ((name: string) => void)[] = [];
    createCommandsService(failing, {
      commands: { onCommand: (l) => listeners.push(l) },
      handlers: {
        setCameraEnabled: () => undefined,
        queueTracks: () => {
          throw new Error('no device');
        },
        updateDjSettings: () => undefined,
      },
    });
    for (const listener of listeners) listener('queue-next');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(failing.reported).toEqual([new Error('no device')]);
    expect(ctx.reported).toEqual([]);
  });

  it('are declared in the manifest with at most four suggested keys, each once', () => {
    const declared = manifestCommands();
    expect(Object.keys(declared).sort()).toEqual(Object.keys(COMMANDS).sort());
    const keys = Object.values(declared).map((c) => c.suggested_key.default);
    expect(keys.length).toBeLessThanOrEqual(4);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^Alt\+Shift\+[A-Z]$/);
    expect(declared['toggle-camera'].description).toBe('__MSG_command_toggle_camera__');
  });
});
