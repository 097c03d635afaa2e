import { answers, defineContract, noData } from '@/lib/messaging/contract';

/** The Spotify sign-in: extension pages only, never the panel in a web page. */
export const spotifyConnectionMessages = defineContract('background', {
  /** Sign in to Spotify with the Client ID from settings (PKCE, in a browser window). */
  connectSpotify: { data: noData, from: ['extension-page'], answer: answers() },
  /** Forget the Spotify tokens on this device. */
  disconnectSpotify: { data: noData, from: ['extension-page'], answer: answers() },
});
