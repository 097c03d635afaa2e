/** What the start needs of a camera stream: its tracks, to stop them. */
export interface StreamLike {
  getTracks(): { stop(): void }[];
}

export interface CameraStartDeps<Landmarker, Frames, Stream extends StreamLike> {
  /**
   * The face model, whose load the caller started as the document loaded (before this runs), so the model's
   * download, compile and set-up overlap the camera opening instead of following it.
   */
  readonly landmarker: Promise<Landmarker>;
  /** Everything else the loop needs (the settings, the baseline, the personal examples). */
  readonly prepared: Promise<unknown>;
  /** Opens the camera; null when it could not (the reason is reported there: blocked, not allowed, none…). */
  openStream(): Promise<Stream | null>;
  /** Starts reading the camera's frames (`frame-source.ts`). */
  openFrames(stream: Stream): Promise<Frames>;
  startLoop(landmarker: Landmarker, frames: Frames): void;
  /** Frees the frames again (`FrameSource.stop`). */
  stopFrames(frames: Frames): void;
  /** Marks a step on the way to the first mood (`performance.mark`, read by the benchmark). */
  mark(step: 'stream' | 'playing' | 'loop'): void;
  /** Told once, with what stopped the start after the camera had opened. */
  fail(error: unknown): void;
}

/**
 * Starts the camera in the offscreen document: the camera opens at once, beside the model's load that is already
 * under way, and the loop starts as soon as both (and the settings) are there. A failure once the camera is open
 * (the model did not load, the settings never came) stops the camera again, tracks and frames, and is told once:
 * no camera light with nothing reading it. Resolves true when the loop started.
 */
export async function startCamera<Landmarker, Frames, Stream extends StreamLike>(
  deps: CameraStartDeps<Landmarker, Frames, Stream>,
): Promise<boolean> {
  const stream = await deps.openStream();
  if (!stream) return false;
  deps.mark('stream');
  let frames: Frames | null = null;
  try {
    frames = await deps.openFrames(stream);
    deps.mark('playing');
    const [landmarker] = await Promise.all([deps.landmarker, deps.prepared]);
    deps.startLoop(landmarker, frames);
    deps.mark('loop');
    return true;
  } catch (error) {
    if (frames !== null) deps.stopFrames(frames);
    // `stop()` does not fire the track's `ended` (that is for a camera unplugged), so nothing else reports this.
    for (const track of stream.getTracks()) track.stop();
    deps.fail(error);
    return false;
  }
}
