import { createTokenProvider } from '@/lib/spotify/auth';
import { createSpotifyClient } from '@/lib/spotify/client';
import { spotifyTokenStore } from './secrets';

/**
 * The background's one Spotify client. One token provider for the whole worker, so
 * concurrent callers share a refresh (two would each rotate the refresh token).
 */
export const spotifyClient = createSpotifyClient({ tokens: createTokenProvider({ store: spotifyTokenStore }) });
