import { z } from 'zod';
import { db } from '@/lib/db/schema';
import { reportError } from '@/lib/errors/report';
import { sameTokens, type TokenStore, type Tokens, TokensSchema } from '@/lib/spotify/auth';

async function readTokens(): Promise<Tokens | null> {
  const row = await db().secrets.get('spotify-tokens');
  if (!row) return null;
  const parsed = TokensSchema.safeParse(row.value);
  if (parsed.success) return parsed.data;
  // A corrupt value is worth nothing: drop it, and the person reconnects.
  reportError('db', new Error('Stored Spotify tokens were invalid and were removed'));
  await db().secrets.delete('spotify-tokens');
  return null;
}

/**
 * Spotify tokens in the background's IndexedDB (never `storage.local`, which content scripts can read).
 * A refused refresh token stays here marked `refusedAt`, so a restarted worker does not post it again.
 */
export const spotifyTokenStore: TokenStore = {
  get: readTokens,
  async set(tokens) {
    await db().secrets.put({ key: 'spotify-tokens', value: tokens, updatedAt: Date.now() });
  },
  /** Read and write in one read-write transaction: a Disconnect cannot land between the check and the put. */
  async replace(expected, next) {
    const database = db();
    return database.transaction('rw', database.secrets, async () => {
      if (!sameTokens(await readTokens(), expected)) return false;
      await database.secrets.put({ key: 'spotify-tokens', value: next, updatedAt: Date.now() });
      return true;
    });
  },
  async clear() {
    await db().secrets.delete('spotify-tokens');
  },
};

const keySchema = z.string().min(1);

export const rapidApiKeyStore = {
  async get(): Promise<string | null> {
    const row = await db().secrets.get('rapidapi-key');
    const parsed = keySchema.safeParse(row?.value);
    return parsed.success ? parsed.data : null;
  },
  async set(key: string | null): Promise<void> {
    if (key === null) await db().secrets.delete('rapidapi-key');
    else await db().secrets.put({ key: 'rapidapi-key', value: key, updatedAt: Date.now() });
  },
};
