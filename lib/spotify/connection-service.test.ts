import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import type { SpotifyClient } from '@/lib/spotify/client';
import { fakeContext, fakeSettings } from '@/test/support/background';
import { handlersOf } from '@/test/support/handlers';
import { tokens } from '@/test/support/spotify';
import type { ConnectOptions } from './auth';
import { connectionOf, createSpotifyConnectionService, type SignIn } from './connection-service';

function setUp(clientId = 'client-abc') {
  const settings = fakeSettings({ ...DEFAULT_SETTINGS, spotify: { ...DEFAULT_SETTINGS.spotify, clientId } });
  const spotify = { me: async () => ({ id: 'user-1', display_name: 'Ada' }) } as unknown as SpotifyClient;
  const ctx = fakeContext({ settings, spotify });
  const asked: ConnectOptions[] = [];
  const signIn: SignIn = {
    redirectUri: () => 'https://id.chromiumapp.org/',
    launchWebAuthFlow: async () => undefined,
    connect: async (options) => {
      asked.push(options);
      return tokens({ clientId: options.clientId });
    },
  };
  const events: string[] = [];
  ctx.events.on('spotifyConnection', (change) => events.push(change));
  const service = createSpotifyConnectionService(ctx, signIn);
  return { ctx, service, asked, events };
}

describe('the Spotify connection service', () => {
  it('connects with the Client ID from settings, stores the tokens, shows the user, and tells the sync', async () => {
    const { ctx, service, asked, events } = setUp();
    await handlersOf(service).connectSpotify(undefined, 'extension-page');
    expect(asked[0]).toMatchObject({ clientId: 'client-abc', redirectUri: 'https://id.chromiumapp.org/' });
    expect(await ctx.secrets.spotifyTokens.get()).toMatchObject({ clientId: 'client-abc' });
    expect((await ctx.live.get()).spotify).toEqual({ connected: true, user: 'Ada', problem: null });
    expect(events).toEqual(['connected']);
  });

  it('refuses to connect without a Client ID, in the person’s words, and changes nothing', async () => {
    const { ctx, service, asked, events } = setUp('');
    await expect(handlersOf(service).connectSpotify(undefined, 'extension-page')).rejects.toThrow(/Client ID/);
    expect(asked).toEqual([]);
    expect(events).toEqual([]);
    expect(await ctx.secrets.spotifyTokens.get()).toBeNull();
  });

  it('disconnects: forgets the tokens and tells the sync', async () => {
    const { ctx, service, events } = setUp();
    await ctx.secrets.spotifyTokens.set(tokens());
    await handlersOf(service).disconnectSpotify(undefined, 'extension-page');
    expect(await ctx.secrets.spotifyTokens.get()).toBeNull();
    expect((await ctx.live.get()).spotify).toEqual({ connected: false, user: null, problem: null });
    expect(events).toEqual(['disconnected']);
  });

  it('on a worker start, a token Spotify refused (refusedAt) is not a connection: it asks to connect again', async () => {
    const { ctx, service } = setUp();
    await ctx.secrets.spotifyTokens.set(tokens({ refusedAt: 5 }));
    await service.start?.();
    const { spotify } = await ctx.live.get();
    expect(spotify.connected).toBe(false);
    expect(spotify.problem).toEqual({ kind: 'reconnect' });
  });

  it('on a worker start, good tokens show connected', async () => {
    const { ctx, service } = setUp();
    await ctx.secrets.spotifyTokens.set(tokens());
    await service.start?.();
    expect((await ctx.live.get()).spotify.connected).toBe(true);
  });

  it('a sign-in refused elsewhere (spotifySignedOut) shows reconnect', async () => {
    const { ctx } = setUp();
    await ctx.secrets.spotifyTokens.set(tokens());
    ctx.events.emit('spotifySignedOut', undefined);
    await ctx.events.idle();
    expect((await ctx.live.get()).spotify).toMatchObject({
      connected: false,
      problem: { kind: 'reconnect' },
    });
  });

  it('connectionOf: nothing stored is not connected, without a problem', () => {
    expect(connectionOf(null, 'x')).toEqual({ connected: false, user: null, problem: null });
  });
});
