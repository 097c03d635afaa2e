import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AccessLevelArea, restrictStorageToTrustedContexts } from './storage-access';

afterEach(() => {
  vi.restoreAllMocks();
});

function area(fail?: Error) {
  const calls: unknown[] = [];
  const value: AccessLevelArea & { calls: unknown[] } = {
    calls,
    setAccessLevel: async (options) => {
      calls.push(options);
      if (fail) throw fail;
    },
  };
  return value;
}

describe('restrictStorageToTrustedContexts', () => {
  it('closes each area to content scripts', async () => {
    const local = area();
    const session = area();
    await restrictStorageToTrustedContexts([local, session]);
    expect(local.calls).toEqual([{ accessLevel: 'TRUSTED_CONTEXTS' }]);
    expect(session.calls).toEqual([{ accessLevel: 'TRUSTED_CONTEXTS' }]);
  });

  it('still restricts the others when one area refuses, and logs the refusal', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const local = area(new Error('not supported'));
    const session = area();
    await expect(restrictStorageToTrustedContexts([local, session])).resolves.toBeUndefined();
    expect(session.calls).toHaveLength(1);
    // The funnel's line: `[MoodDJ <context>/settings] Error: not supported`.
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[MoodDJ [\w-]+\/settings\] Error: not supported$/));
  });

  it('passes over, without a warning, an area that has no setAccessLevel (Firefox)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const session = area();
    await expect(restrictStorageToTrustedContexts([{}, session])).resolves.toBeUndefined();
    expect(session.calls).toHaveLength(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('does not throw when an area throws at once instead of rejecting', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const broken: AccessLevelArea = {
      setAccessLevel: () => {
        throw new TypeError('setAccessLevel is not a function');
      },
    };
    await expect(restrictStorageToTrustedContexts([broken])).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
