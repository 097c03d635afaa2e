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
 * Who may send each message to the background. The panel (`spotify-tab`) gets only what
 * it needs: the live state, mood, camera and auto-DJ switches, Match/Lift, queue, sync,
 * the fixes it offers and its collapsed state; never secrets, settings or calibration.
 * Messages the background itself sends (to tabs or pages) are listed with no senders, so
 * a forged copy is refused; their receivers check with `fromBackground`.
 */
export const MESSAGE_POLICY: Readonly<Record<MessageType, readonly SenderKind[]>> = {
  getLiveState: ['extension-page', 'spotify-tab'],
  setCameraEnabled: ['extension-page', 'spotify-tab'],
  setManualMood: ['extension-page', 'spotify-tab'],
  openPage: ['extension-page', 'spotify-tab'],
  // Calibration needs the person to look at the camera on purpose: extension pages only.
  startCalibration: ['extension-page'],
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
  // The panel's "Save as playlist" (a trusted click). It carries no data: the background saves only tracks it
  // queued itself into a new private playlist, and a second save adds only what is new. The answer shows the
  // session's mood strip, no more than the mood the live state already gives the panel.
  readSession: ['extension-page', 'spotify-tab'],
  saveSession: ['extension-page', 'spotify-tab'],
  updateDjSettings: ['extension-page', 'spotify-tab'],
  playerActivity: ['spotify-tab'],
  setPanelCollapsed: ['spotify-tab'],
  importData: ['extension-page'],
  deleteEverything: ['extension-page'],
  // The person's data and history: extension pages only, never the panel in a web page.
  countMoodMatches: ['extension-page'],
  getLibraryMap: ['extension-page'],
  getStorageUsed: ['extension-page'],
  getMoodHistory: ['extension-page'],
  getTodaySparkline: ['extension-page'],
  getSkipCounts: ['extension-page'],
  exportData: ['extension-page'],
  deleteMoodHistory: ['extension-page'],
  // "That's not me" examples come from the background's own mood service (a hand pick right after a camera
  // reading), never from a page; pages may only list and delete them.
  listPersonalExamples: ['extension-page'],
  deletePersonalExample: ['extension-page'],
  deleteAllPersonalExamples: ['extension-page'],
  offscreenReady: ['offscreen'],
  cameraReport: ['offscreen'],
  offscreenPing: [],
  configureCamera: [],
  calibrate: [],
  calibrationCleared: [],
  keepPersonalExample: [],
  personalExamplesChanged: [],
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

/** The sender's kind if it may send `type`, else why not (words for the log, never the data). */
export function checkSender(
  type: MessageType,
  sender: SenderInfo,
  extensionId: string,
): { ok: true; kind: SenderKind } | { ok: false; why: string } {
  const kind = classifySender(sender, extensionId);
  if (kind === null) return { ok: false, why: `the sender is not MoodDJ or a tab on ${SPOTIFY_ORIGIN}/` };
  if (!MESSAGE_POLICY[type].includes(kind)) return { ok: false, why: `not accepted from ${kind}` };
  return { ok: true, kind };
}

/** Throws `MessageRefused` unless `sender` may send `type`. */
export function assertSenderAllowed(type: MessageType, sender: SenderInfo, extensionId: string): SenderKind {
  const checked = checkSender(type, sender, extensionId);
  if (!checked.ok) throw new MessageRefused(`MoodDJ refused "${type}": ${checked.why}.`);
  return checked.kind;
}
