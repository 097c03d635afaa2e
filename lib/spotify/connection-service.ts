import type { BackgroundContext, Service } from '@/lib/background/context';
import type { SpotifyConnection } from '@/lib/live-state/state';
import { implement } from '@/lib/messaging/contract';
import { type ConnectOptions, connect, type Tokens } from './auth';
import { type ConnectOutcome, connectProblem } from './connect-outcome';
import type { Refusal } from './gate';
import { spotifyConnectionMessages } from './messages';

/** The browser's sign-in window and redirect URL (`browser.identity`), passed in so tests can fake them. */
export interface SignIn {
  redirectUri(): string;
  launchWebAuthFlow(url: string): Promise<string | undefined>;
  /** @default `connect` from `./auth` (PKCE); tests pass one that answers tokens. */
  connect?(options: ConnectOptions): Promise<Tokens>;
}

/** What the surfaces show for `stored`: a token Spotify refused is no connection, and asks to connect again. */
export function connectionOf(stored: Tokens | null, user: string | null): SpotifyConnection {
  if (!stored) return { connected: false, user: null, problem: null };
  if (stored.refusedAt !== undefined) return { connected: false, user: null, problem: { kind: 'reconnect' } };
  return { connected: true, user, problem: null };
}

/**
 * Connecting and disconnecting Spotify. Tells the other services through `spotifyConnection`, and shows
 * "connect again" when any of them finds the sign-in refused (`spotifySignedOut`).
 */
export function createSpotifyConnectionService(ctx: BackgroundContext, signIn: SignIn): Service {
  const show = (connection: SpotifyConnection) => ctx.live.update((state) => ({ ...state, spotify: connection }));

  const showRefusal = (refusal: Refusal | null) => ctx.live.update((state) => ({ ...state, spotifyRefusal: refusal }));
  // Every surface shows the refusal in words with the time it ends; it comes from the one gate all requests ask.
  ctx.spotifyGate.onChange((refusal) => {
    showRefusal(refusal).catch((error) => ctx.report(error, 'spotify'));
  });

  ctx.events.on('spotifySignedOut', () =>
    show({ connected: false, user: null, problem: { kind: 'reconnect' } }).catch((error) =>
      ctx.report(error, 'spotify'),
    ),
  );

  /**
   * Signs in and asks `/me` once, which is where Spotify first refuses an app whose owner has no Premium or an
   * account not on the app's users. Tokens Spotify will not serve are no connection: they are not kept.
   */
  async function signInAndGreet(clientId: string, redirectUri: string): Promise<string> {
    const fresh = await (signIn.connect ?? connect)({
      clientId,
      redirectUri,
      launchWebAuthFlow: (url) => signIn.launchWebAuthFlow(url),
    });
    await ctx.secrets.spotifyTokens.set(fresh);
    try {
      const me = await ctx.spotify.me();
      return me.display_name ?? me.id;
    } catch (error) {
      await ctx.secrets.spotifyTokens.clear();
      throw error;
    }
  }

  return {
    name: 'spotify-connection',
    handles: [
      implement(spotifyConnectionMessages, {
        async connectSpotify(): Promise<ConnectOutcome> {
          // A new sign-in is the person's answer to "not registered" or "the owner needs Premium": ask again now.
          await ctx.spotifyGate.retryNow();
          const { spotify } = await ctx.settings.get();
          if (!spotify.clientId) return { ok: false, problem: { kind: 'no-client-id' } };
          const redirectUri = signIn.redirectUri();
          try {
            const user = await signInAndGreet(spotify.clientId, redirectUri);
            await show({ connected: true, user, problem: null });
          } catch (error) {
            const problem = connectProblem(error, redirectUri);
            // The person's to fix, and said next to the button; only what MoodDJ cannot word is worth a log line.
            if (problem.kind === 'other') ctx.report(error, 'spotify');
            // Said beside the button; a refusal "until T" would promise a retry that no connection will make.
            if (problem.kind === 'owner-premium' || problem.kind === 'not-registered') await ctx.spotifyGate.forget();
            return { ok: false, problem };
          }
          ctx.events.emit('spotifyConnection', 'connected');
          return { ok: true };
        },
        async getSpotifyUsage() {
          const [requests, refusal] = await Promise.all([ctx.spotifyRequests.summary(), ctx.spotifyGate.current()]);
          return { ...requests, refusal };
        },
        async disconnectSpotify() {
          await ctx.secrets.spotifyTokens.clear();
          await show({ connected: false, user: null, problem: null });
          ctx.events.emit('spotifyConnection', 'disconnected');
        },
      }),
    ],
    async start() {
      await showRefusal(await ctx.spotifyGate.current());
      // The name is not stored; the surfaces fall back to "your account" until the next sign-in.
      const stored = await ctx.secrets.spotifyTokens.get();
      const current = (await ctx.live.get()).spotify;
      await show(connectionOf(stored, stored?.refusedAt === undefined ? current.user : null));
    },
  };
}
