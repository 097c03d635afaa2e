import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import type { SpotifyClient } from '@/lib/spotify/client';
import { SpotifyAuthError, SpotifyError } from '@/lib/spotify/errors';
import { fakeContext, fakeSettings } from '@/test/support/background';
import { handlersOf } from '@/test/support/handlers';
import { tokens } from '@/test/support/spotify';
import type { ConnectOptions } from './auth';
import { connectionOf, createSpotifyConnectionService, type SignIn } from './connection-service';

interface SetUp {
  clientId?: string;
  /** What `/me` does after the sign-in. */
  me?: () => Promise<unknown>;
  /** What the sign-in does instead of answering tokens. */
  signInFails?: unknown;
}

function setUp({ clientId = 'client-abc', me, signInFails }: SetUp = {}) {
  const settings = fakeSettings({ ...DEFAULT_SETTINGS, spotify: { ...DEFAULT_SETTINGS.spotify, clientId } });
  const spotify = { me: me ?? (async () => ({ id: 'user-1', display_name: 'Ada' })) } as unknown as SpotifyClient;
  const ctx = fakeContext({ settings, spotify });
  const asked: ConnectOptions[] = [];
  const signIn: SignIn = {
    redirectUri: () => 'https://id.chromiumapp.org/',
    launchWebAuthFlow: async () => undefined,
    connect: async (options) => {
      asked.push(options);
      if (signInFails !== undefined) throw signInFails;
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
    expect(await handlersOf(service).connectSpotify(undefined, 'extension-page')).toEqual({ ok: true });
    expect(asked[0]).toMatchObject({ clientId: 'client-abc', redirectUri: 'https://id.chromiumapp.org/' });
    expect(await ctx.secrets.spotifyTokens.get()).toMatchObject({ clientId: 'client-abc' });
    expect((await ctx.live.get()).spotify).toEqual({ connected: true, user: 'Ada', problem: null });
    expect(events).toEqual(['connected']);
  });

  it('answers that a Client ID is needed, without a sign-in, and changes nothing', async () => {
    const { ctx, service, asked, events } = setUp({ clientId: '' });
    expect(await handlersOf(service).connectSpotify(undefined, 'extension-page')).toEqual({
      ok: false,
      problem: { kind: 'no-client-id' },
    });
    expect(asked).toEqual([]);
    expect(events).toEqual([]);
    expect(await ctx.secrets.spotifyTokens.get()).toBeNull();
  });

  it.each([
    [new SpotifyAuthError('redirect-uri', 'x'), { kind: 'redirect-uri', redirectUri: 'https://id.chromiumapp.org/' }],
    [new SpotifyAuthError('invalid-client', 'x'), { kind: 'invalid-client' }],
    [new SpotifyAuthError('cancelled', 'x'), { kind: 'cancelled' }],
    [new SpotifyAuthError('access-denied', 'x'), { kind: 'denied' }],
    [new SpotifyAuthError('network', 'x'), { kind: 'offline' }],
  ])('answers a failed sign-in as a problem, not a silence: %s', async (error, problem) => {
    const { ctx, service, events } = setUp({ signInFails: error });
    expect(await handlersOf(service).connectSpotify(undefined, 'extension-page')).toEqual({ ok: false, problem });
    expect(events).toEqual([]);
    expect(await ctx.secrets.spotifyTokens.get()).toBeNull();
    expect((await ctx.live.get()).spotify.connected).toBe(false);
    // The person's to fix, and shown to them: no log line.
    expect(ctx.reported).toEqual([]);
  });

  it('a sign-in whose first /me Spotify refuses (the owner without Premium) is no connection: the tokens go', async () => {
    const ownerPremium = new SpotifyError('owner-premium', 'GET /me: owner needs Premium', { status: 403 });
    const { ctx, service, events } = setUp({
      me: async () => {
        // What the Web API client does with the answer: the gate closes.
        await ctx.spotifyGate.record({ error: ownerPremium });
        throw ownerPremium;
      },
    });
    expect(await handlersOf(service).connectSpotify(undefined, 'extension-page')).toEqual({
      ok: false,
      problem: { kind: 'owner-premium' },
    });
    expect(await ctx.secrets.spotifyTokens.get()).toBeNull();
    expect((await ctx.live.get()).spotify).toEqual({ connected: false, user: null, problem: null });
    expect(events).toEqual([]);
    // With no connection, no refusal "until T" is left to promise a retry nothing will make.
    expect(await ctx.spotifyGate.current()).toBeNull();
    expect((await ctx.live.get()).spotifyRefusal).toBeNull();
  });

  it('an account not on the app’s users, and anything unexpected (logged), are answered too', async () => {
    const notRegistered = new SpotifyError('not-registered', 'GET /me: not registered', { status: 403 });
    const first = setUp({ me: () => Promise.reject(notRegistered) });
    expect(await handlersOf(first.service).connectSpotify(undefined, 'extension-page')).toEqual({
      ok: false,
      problem: { kind: 'not-registered' },
    });
    const second = setUp({ signInFails: new SpotifyAuthError('state-mismatch', 'state mismatch') });
    expect(await handlersOf(second.service).connectSpotify(undefined, 'extension-page')).toEqual({
      ok: false,
      problem: { kind: 'other', detail: expect.stringContaining('state mismatch') },
    });
    expect(second.ctx.reported).toHaveLength(1);
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
