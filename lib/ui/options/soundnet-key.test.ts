import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OPTIONAL_HOST_PERMISSIONS } from '@/lib/privacy/hosts';
import type { KeyTestResult } from '@/lib/sync/messages';
import {
  grantAccess,
  type KeyBackground,
  requestSoundNetAccess,
  SOUNDNET_HOST,
  saveKey,
  testKey,
} from './soundnet-key';

const KEY = 'good-key-good-key-good-key-0001';

/** The background as the key's buttons see it, recording what reached it. */
function fakeBackground(access = true) {
  const calls: string[] = [];
  const background: KeyBackground = {
    save: async (key) => {
      calls.push(`save ${key}`);
    },
    test: async (key): Promise<KeyTestResult> => {
      calls.push(`test ${key}`);
      return 'works';
    },
    checkAccess: async () => {
      calls.push('check');
      return access;
    },
  };
  return { calls, background };
}

const reason = (work: Promise<unknown>) =>
  work.then(
    () => null,
    (error: Error) => error.message,
  );

describe('the RapidAPI key in Options, with the browser asked for SoundNet’s host', () => {
  it('refused on "Save key": the key is not sent, and the outcome says why and how to try again', async () => {
    const { calls, background } = fakeBackground();
    const text = await reason(saveKey(Promise.resolve(false), KEY, background));
    expect(calls).toEqual([]);
    expect(text).toContain(SOUNDNET_HOST);
    expect(text).toContain('Key not saved');
    expect(text).toContain('press “Save key”');
  });

  it('granted on "Save key": the key goes to the background', async () => {
    const { calls, background } = fakeBackground();
    await saveKey(Promise.resolve(true), KEY, background);
    expect(calls).toEqual([`save ${KEY}`]);
  });

  it('"Test key" sends nothing without the host, and tests once it is granted', async () => {
    const { calls, background } = fakeBackground();
    expect(await testKey(Promise.resolve(false), KEY, background)).toBe('no-access');
    expect(calls).toEqual([]);
    expect(await testKey(Promise.resolve(true), null, background)).toBe('works');
    expect(calls).toEqual(['test null']);
  });

  it('"Grant access" after the host was taken back: the background checks it; refused, the outcome says so', async () => {
    const granted = fakeBackground(true);
    expect(await reason(grantAccess(Promise.resolve(true), granted.background))).toBeNull();
    expect(granted.calls).toEqual(['check']);

    const refused = fakeBackground(true);
    const text = await reason(grantAccess(Promise.resolve(false), refused.background));
    expect(refused.calls).toEqual([]);
    expect(text).toContain(`Still no access to ${SOUNDNET_HOST}`);
    expect(text).toContain('Press “Grant access”');

    // Granted in the prompt, yet the background still cannot reach it: not reported as done.
    const stillNo = fakeBackground(false);
    expect(await reason(grantAccess(Promise.resolve(true), stillNo.background))).toContain('Still no access');
  });
});

describe('asking the browser', () => {
  afterEach(() => fakeBrowser.reset());

  it('asks for exactly the optional host the manifest lists, in the same call (no await before it)', () => {
    const asked: unknown[] = [];
    fakeBrowser.permissions.request = (permissions) => {
      asked.push(permissions);
      return Promise.resolve(true);
    };
    void requestSoundNetAccess();
    // Synchronously: the browser counts the request as the click's only until the handler's first await.
    expect(asked).toEqual([{ origins: [...OPTIONAL_HOST_PERMISSIONS] }]);
  });

  it('each key button asks the browser first, before anything that awaits', () => {
    const source = readFileSync(join(import.meta.dirname, '../../../components/RapidApiKey.svelte'), 'utf8');
    for (const handler of ['save', 'test', 'grant']) {
      const body = source.split(new RegExp(`function ${handler}\\(\\) \\{`))[1]?.split('\n  }\n')[0] ?? '';
      const asks = body.indexOf('requestAccess()');
      expect(asks, handler).toBeGreaterThan(-1);
      const awaits = body.search(/\bawait\b|\.then\(/);
      expect(awaits === -1 || asks < awaits, handler).toBe(true);
    }
  });
});
