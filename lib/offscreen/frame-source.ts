/**
 * Where the camera loop's frames come from. A `<video>` playing the camera decodes and presents
 * every frame the camera sends (30 a second) whether or not the loop looks at it; a
 * `MediaStreamTrackProcessor` instead keeps only the newest frame in a one-frame queue (older ones
 * are dropped, and closed, by the browser) and the loop reads one when it wants to detect.
 */

/** One camera frame the loop detects on; valid from `grab()` until `release()`. */
export interface CameraImage {
  /** Drawable (`drawImage`, e.g. to crop the face) and accepted by MediaPipe's `detectForVideo`. */
  readonly source: CanvasImageSource & TexImageSource;
  readonly width: number;
  readonly height: number;
}

export interface FrameSource {
  /**
   * Takes the newest frame the camera has delivered (waiting for one if none has come yet) as
   * `current`. False when the camera has stopped (the track ended): there is no frame.
   */
  grab(): Promise<boolean>;
  /** The frame last grabbed, until `release()`; null before the first grab or after a release. */
  readonly current: CameraImage | null;
  /** Frees the current frame (closes it); the next `grab()` takes a newer one. */
  release(): void;
  /** Stops reading: frees the current frame and the queue. Idempotent. */
  stop(): void;
}

/** The subset of `MediaStreamTrackProcessor` used here (Chromium exposes it on Window too). */
export interface TrackProcessorLike {
  readonly readable: ReadableStream<VideoFrame>;
}
export type TrackProcessorFactory = (init: { track: MediaStreamTrack; maxBufferSize: number }) => TrackProcessorLike;

/** The browser's `MediaStreamTrackProcessor`, or null where it does not exist. */
export function browserTrackProcessor(scope: object = globalThis): TrackProcessorFactory | null {
  const Processor = (scope as { MediaStreamTrackProcessor?: new (init: object) => TrackProcessorLike })
    .MediaStreamTrackProcessor;
  return Processor ? (init) => new Processor(init) : null;
}

/**
 * Frames read on demand from the camera track. The processor's queue holds one frame: a frame the
 * loop does not want is replaced (and closed) by the next, so reading gives the newest.
 */
export function createTrackFrameSource(track: MediaStreamTrack, processor: TrackProcessorFactory): FrameSource {
  const reader = processor({ track, maxBufferSize: 1 }).readable.getReader();
  let frame: VideoFrame | null = null;
  /** The camera's own frame when `frame` re-wraps it (`atVisibleSize`); closed with it. */
  let inner: VideoFrame | null = null;
  let current: CameraImage | null = null;
  let stopped = false;
  let ended = false;

  const release = () => {
    frame?.close();
    inner?.close();
    frame = null;
    inner = null;
    current = null;
  };

  return {
    async grab() {
      release();
      if (stopped || ended) return false;
      let result: ReadableStreamReadResult<VideoFrame>;
      try {
        result = await reader.read();
      } catch {
        ended = true;
        return false;
      }
      if (result.done) {
        ended = true;
        return false;
      }
      // Stopped while waiting: nobody will release this one.
      if (stopped) {
        result.value.close();
        return false;
      }
      const full = atVisibleSize(result.value);
      frame = full.frame;
      inner = full.inner;
      current = { source: frame, width: frame.displayWidth, height: frame.displayHeight };
      return true;
    },
    get current() {
      return current;
    },
    release,
    stop() {
      if (stopped) return;
      stopped = true;
      release();
      reader.cancel().catch(() => undefined);
    },
  };
}

/**
 * Chromium hands a track asked for a smaller size than the camera's the camera's whole picture with only a smaller
 * *display* size (coded and visible 640×480, display 320×240: nothing is scaled). FaceLandmarker finds no face in
 * such a frame once the display size is below about 0.6 of the picture (`npm run bench -- --only=resolution`:
 * 0 of 30 frames at 320×240 and 360×270 from a 640×480 camera; every frame at 400×300 and up). So a frame whose
 * display size differs from its visible size is re-wrapped at its visible size (a new `VideoFrame` on the same
 * pixels, no copy): the landmarker sees the picture the camera took, and the landmarks are normalised anyway.
 */
export function atVisibleSize(
  frame: VideoFrame,
  wrap: ((frame: VideoFrame, init: VideoFrameInit) => VideoFrame) | null = typeof VideoFrame === 'function'
    ? (f, init) => new VideoFrame(f, init)
    : null,
): { frame: VideoFrame; inner: VideoFrame | null } {
  const visible = frame.visibleRect;
  if (!wrap || !visible || (frame.displayWidth === visible.width && frame.displayHeight === visible.height)) {
    return { frame, inner: null };
  }
  try {
    return { frame: wrap(frame, { displayWidth: visible.width, displayHeight: visible.height }), inner: frame };
  } catch {
    return { frame, inner: null };
  }
}

/**
 * Frames from a playing `<video>` (where there is no track processor): the current frame is
 * whatever the video shows when the loop asks; nothing to close.
 */
export function createVideoFrameSource(video: HTMLVideoElement): FrameSource {
  let current: CameraImage | null = null;
  let stopped = false;
  return {
    async grab() {
      if (stopped) return false;
      // A video not yet showing frames has nothing to detect.
      current = video.readyState >= 2 ? { source: video, width: video.videoWidth, height: video.videoHeight } : null;
      return true;
    },
    get current() {
      return current;
    },
    release() {
      current = null;
    },
    stop() {
      stopped = true;
      current = null;
      video.pause();
      video.srcObject = null;
    },
  };
}
