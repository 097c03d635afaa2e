import type { MessageType } from './protocol';

/** Where a message came from, as far as MoodDJ cares. */
export type SenderKind = 'extension-page' | 'offscreen' | 'spotify-tab';

/** The parts of `runtime.MessageSender` the policy reads. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
}

const SPOTIFY_ORIGIN = 'https://open.spotify.com';

/**
 * Who may send each message to the background. Messages the background itself sends
 * (to tabs or pages) are listed with no senders, so a forged copy is refused.
 */
export const MESSAGE_POLICY: Readonly<Record<MessageType, readonly SenderKind[]>> = {
  getLiveState: ['extension-page', 'spotify-tab'],
  setCameraEnabled: ['extension-page', 'spotify-tab'],
  setManualMood: ['extension-page', 'spotify-tab'],
  openPage: ['extension-page', 'spotify-tab'],
  startCalibration: ['extension-page', 'spotify-tab'],
  clearCalibration: ['extension-page'],
  getCameraStats: ['extension-page'],
  connectSpotify: ['extension-page'],
  disconnectSpotify: ['extension-page'],
  setRapidApiKey: ['extension-page'],
  testRapidApiKey: ['extension-page'],
  startSync: ['extension-page', 'spotify-tab'],
  setSyncPaused: ['extension-page', 'spotify-tab'],
  refreshSuggestions: ['extension-page', 'spotify-tab'],
  queueTracks: ['extension-page', 'spotify-tab'],
  makeMoodPlaylist: ['extension-page', 'spotify-tab'],
  updateDjSettings: ['extension-page', 'spotify-tab'],
  playerActivity: ['spotify-tab'],
  setPanelCollapsed: ['spotify-tab'],
  importData: ['extension-page'],
  deleteEverything: ['extension-page'],
  offscreenReady: ['offscreen'],
  cameraReport: ['offscreen'],
  offscreenPing: [],
  configureCamera: [],
  calibrate: [],
  calibrationCleared: [],
  readCameraStats: [],
  liveStateChanged: [],
};

/** Thrown when a sender may not send a message; its text reaches the sender. */
export class MessageRefused extends Error {
  override name = 'MessageRefused';
}

/**
 * Classifies a sender, or returns null for anything that is not this extension:
 * another extension, a web page, or a tab other than the Spotify web player.
 */
export function classifySender(sender: SenderInfo, extensionId: string): SenderKind | null {
  if (sender.id !== extensionId) return null;
  // An extension page opened in a tab also has `tab`, so its own URL decides first.
  const extensionOrigin = `chrome-extension://${extensionId}/`;
  if (sender.url?.startsWith(extensionOrigin)) {
    return sender.url.startsWith(`${extensionOrigin}offscreen.html`) && !sender.tab ? 'offscreen' : 'extension-page';
  }
  if (sender.tab && isSpotifyUrl(sender.url ?? '') && isSpotifyUrl(sender.tab.url ?? sender.url ?? '')) {
    return 'spotify-tab';
  }
  return null;
}

export function isSpotifyUrl(url: string): boolean {
  try {
    return new URL(url).origin === SPOTIFY_ORIGIN;
  } catch {
    return false;
  }
}

/** Throws `MessageRefused` unless `sender` may send `type`. */
export function assertSenderAllowed(type: MessageType, sender: SenderInfo, extensionId: string): SenderKind {
  const kind = classifySender(sender, extensionId);
  if (kind === null) {
    throw new MessageRefused(`MoodDJ refused "${type}": the sender is not MoodDJ or a tab on ${SPOTIFY_ORIGIN}/.`);
  }
  if (!MESSAGE_POLICY[type].includes(kind)) {
    throw new MessageRefused(`MoodDJ refused "${type}" from ${kind}.`);
  }
  return kind;
}
