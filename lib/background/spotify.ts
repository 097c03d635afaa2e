import { db } from '@/lib/db/schema';
import { storedValue } from '@/lib/db/stored';
import { reportError } from '@/lib/errors/report';
import { createTokenProvider } from '@/lib/spotify/auth';
import { createSpotifyClient, type SpotifyClient } from '@/lib/spotify/client';
import { createSpotifyGate, refusalSchema, type SpotifyGate } from '@/lib/spotify/gate';
import { createRequestLog, type RequestLog, usageSchema } from '@/lib/spotify/usage';
import { spotifyTokenStore } from './secrets';

const storedRefusal = storedValue('spotifyRefusal', refusalSchema.nullable(), () => null);
const storedUsage = storedValue('spotifyRequests', usageSchema, () => ({ slots: [] }));

/**
 * The background's one Spotify client, with the gate every request passes and the log that counts them. One
 * token provider for the whole worker, so concurrent callers share a refresh (two would each rotate the
 * refresh token). The refusal and the counts live in IndexedDB, so a restarted worker still respects the one
 * and goes on with the other.
 */
export function createWorkerSpotify(): { client: SpotifyClient; gate: SpotifyGate; requests: RequestLog } {
  const gate = createSpotifyGate({
    store: { get: () => storedRefusal.get(db()), set: (value) => storedRefusal.set(db(), value) },
    now: Date.now,
  });
  const requests = createRequestLog({
    store: { get: () => storedUsage.get(db()), set: (value) => storedUsage.set(db(), value) },
    now: Date.now,
    setTimeout: (run, ms) => setTimeout(run, ms),
    report: (error) => reportError('spotify', error),
  });
  const client = createSpotifyClient({
    tokens: createTokenProvider({ store: spotifyTokenStore }),
    gate,
    onRequest: () => requests.count(),
  });
  return { client, gate, requests };
}
