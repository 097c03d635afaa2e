import { answers, defineContract, noData } from '@/lib/messaging/contract';
import type { ConnectOutcome } from './connect-outcome';
import type { Refusal } from './gate';
import type { UsageSummary } from './usage';

/** Options → Spotify: the requests made, like the feature providers' budget, and a refusal in effect. */
export interface SpotifyUsage extends UsageSummary {
  refusal: Refusal | null;
}

/** The Spotify sign-in: extension pages only, never the panel in a web page. */
export const spotifyConnectionMessages = defineContract('background', {
  /**
   * Sign in to Spotify with the Client ID from settings (PKCE, in a browser window). Answers how it went: a failure
   * is a typed problem the page words next to the button (a redirect URI missing from the app, a closed window…).
   */
  connectSpotify: { data: noData, from: ['extension-page'], answer: answers<ConnectOutcome>() },
  /** How many Web API requests MoodDJ made (last hour, last 24 hours) and whether Spotify refuses them now. */
  getSpotifyUsage: { data: noData, from: ['extension-page'], answer: answers<SpotifyUsage>() },
  /** Forget the Spotify tokens on this device. */
  disconnectSpotify: { data: noData, from: ['extension-page'], answer: answers() },
});
