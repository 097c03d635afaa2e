/** What asking for the camera ended with. */
export type GrantOutcome = 'granted' | 'denied' | 'no-camera' | 'busy';

/** Maps a `getUserMedia` failure to what the person should do about it. */
export function grantOutcomeOf(error: unknown): Exclude<GrantOutcome, 'granted'> {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no-camera';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'denied';
}

/**
 * Asks for the camera from a visible extension page, which is the only place Chrome
 * can show the prompt (an offscreen document fails at once without a prior grant), then
 * releases it straight away: the grant is what we need, not the stream.
 */
export async function requestCameraOnce(devices: Pick<MediaDevices, 'getUserMedia'>): Promise<GrantOutcome> {
  try {
    const stream = await devices.getUserMedia({ video: true });
    for (const track of stream.getTracks()) track.stop();
    return 'granted';
  } catch (error) {
    return grantOutcomeOf(error);
  }
}
