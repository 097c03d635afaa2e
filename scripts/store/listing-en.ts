import type { ListingText } from './listing';

/** The English store listing: Chrome Web Store, Edge Add-ons and addons.mozilla.org. */
export const LISTING_EN: ListingText = {
  language: 'English',
  short: 'Reads your mood from your face on your own device and queues matching tracks from your Spotify library.',
  long: `MoodDJ is a DJ that reads the room — your face — and queues music to match.

Open the Spotify web player, turn the camera on in MoodDJ's panel, and MoodDJ reads your expression on your own device: happy, sad, angry, surprised or neutral. It then picks tracks from your own saved Spotify library whose sound fits that mood (valence, energy, tempo) and puts them in your queue. It never starts, pauses or skips playback: you stay in charge.

What it does
• Mood from your face, on your device: MediaPipe's face landmarks and a small on-device model. Frames are analysed in memory and thrown away; no picture is stored or sent.
• Matches or lifts: play to the mood you are in, or nudge it somewhere better.
• Focus, workout and wind-down moods you pick yourself, camera or not.
• A map of your library in Options: every analysed track placed by mood, with boxes you drag to decide what "happy" sounds like to you.
• Calibration and a few personal examples teach it your face (stored as numbers on this device only).
• Mood and play history with charts, export and import, and one button that deletes everything.
• Keyboard shortcuts: Alt+Shift+M camera, Alt+Shift+Q queue the next pick, Alt+Shift+L match or lift.
• English and Spanish.

What you need
• A Spotify account and a free Spotify developer app (MoodDJ walks you through it in two minutes: it gives you a Client ID; there is no MoodDJ account and no server).
• Spotify Premium to queue into the player; without Premium MoodDJ makes a playlist instead.
• A webcam for the face moods.

Privacy
MoodDJ has no server: its makers never receive your data. It talks only to Spotify (sign-in, your library, the queue), ReccoBeats (Spotify track ids, for audio features) and, only if you add your own RapidAPI key, SoundNet. No analytics, no ads, no tracking, no remote code. The full policy: PRIVACY.md in the source, and inside the extension (Options → Your data).

Source code under the MIT licence.`,
  singlePurpose:
    "MoodDJ queues music from the user's own Spotify library that fits the mood read from their face. Every feature serves that: reading the mood on the device (camera, face model), knowing the library's sound (sync and audio features), choosing and queueing tracks, and showing the user what it did and why.",
  permissions: {
    offscreen:
      'Chrome only. The camera and the face model run in an offscreen document, so the mood keeps being read while the user is in the Spotify tab; an extension service worker cannot open the camera. The document exists only while the camera is on.',
    storage:
      "Settings (mood ranges, camera rate, DJ mode, history retention) and small UI state such as whether the panel is collapsed, kept in the extension's own storage on the device. Access is limited to MoodDJ's pages and worker, so content scripts cannot read it.",
    alarms:
      "Paces the library sync and audio-feature lookups within Spotify's and ReccoBeats' rate limits, re-syncs the library now and then, and deletes mood and play history older than the retention period the user chose.",
    identity:
      "Signs the user in to their own Spotify account with Spotify's OAuth (authorization code with PKCE) through launchWebAuthFlow; MoodDJ never sees the password.",
    idle: 'Turns the camera off when the computer is idle or locked, so it never keeps watching an empty chair.',
  },
  hosts: {
    'https://accounts.spotify.com/*': "Spotify sign-in (PKCE) and token refresh, for the user's own account.",
    'https://api.spotify.com/*':
      "Reads the user's saved tracks, devices and what is playing; adds the chosen tracks to the queue (or a playlist without Premium).",
    'https://api.reccobeats.com/*':
      'Looks up audio features (valence, energy, tempo…) for Spotify track ids, 40 per request; nothing else is sent.',
    'https://track-analysis.p.rapidapi.com/*':
      "Optional, asked for only when the user saves their own RapidAPI key: SoundNet's audio features for tracks ReccoBeats does not know, one Spotify track id per request.",
    'https://open.spotify.com/*':
      "The content script: MoodDJ's panel (mood, camera switch, the picks and why) sits over the Spotify web player. It reads no page data beyond what is playing and stores nothing from the page.",
  },
  remoteCode:
    'No. All code, the WASM and the models ship inside the package; the CSP refuses anything else (MediaPipe usage metrics included).',
  chromeDataUse: [
    [
      'Personally identifiable information',
      'No. Camera frames are analysed in memory on the device and discarded; the calibration and personal examples (numbers derived from the face) stay in IndexedDB on the device and are never sent.',
    ],
    ['Health information', 'No.'],
    ['Financial and payment information', 'No.'],
    [
      'Authentication information',
      'Yes: the Spotify sign-in tokens and, if the user adds one, their RapidAPI key. Stored on the device (IndexedDB, background only) and sent only to the service they belong to.',
    ],
    ['Personal communications', 'No.'],
    ['Location', 'No.'],
    ['Web history', 'No.'],
    [
      'User activity',
      'Yes, on the device: the tracks MoodDJ queued or saw playing, and skips, for the history and for not repeating itself. Not sent anywhere.',
    ],
    [
      'Website content',
      "Yes, on the device: track names and the user's library from Spotify. Spotify track ids go to ReccoBeats (and SoundNet with the user's key) for audio features.",
    ],
  ],
  certifications:
    'MoodDJ does not sell user data, does not use or transfer it for purposes unrelated to its single purpose, and does not use or transfer it to determine creditworthiness or for lending.',
  firefoxData: `The manifest declares data_collection_permissions: { required: ["none"] }. Under Mozilla's policy, "data transmission" is any data handled outside the add-on or the local browser, and the declaration names categories of personal data. MoodDJ's makers receive nothing (there is no server). What leaves the browser is the user's own request to services the user chose: the OAuth token goes back to Spotify, which issued it; library reads and queue commands go to the user's own Spotify account; Spotify track ids go to ReccoBeats for audio features, and to SoundNet only with the user's own RapidAPI key. None of that is in a listed category (no identifying information, no browsing activity, no website content or search terms, no location, no health or financial data; the camera never leaves the device). The one judgement call is ReccoBeats: it is a third party that receives the ids of the user's saved tracks automatically during sync. If AMO reads track ids as personal data, the declaration must change to name it.`,
};
