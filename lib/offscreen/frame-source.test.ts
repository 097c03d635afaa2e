import { describe, expect, it } from 'vitest';
import {
  atVisibleSize,
  browserTrackProcessor,
  createTrackFrameSource,
  type TrackProcessorFactory,
} from './frame-source';

/** A stand-in for a VideoFrame: knows whether it was closed. */
function fakeFrame(id: number) {
  return {
    id,
    displayWidth: 640,
    displayHeight: 480,
    closed: false,
    close() {
      this.closed = true;
    },
  };
}
type FakeFrame = ReturnType<typeof fakeFrame>;

/**
 * A fake track processor with the browser's one-frame queue: a frame arriving while one waits
 * replaces it, and the replaced one is closed (what `maxBufferSize: 1` does).
 */
function fakeProcessor() {
  const made: FakeFrame[] = [];
  let queued: FakeFrame | null = null;
  let waiting: ((result: ReadableStreamReadResult<VideoFrame>) => void) | null = null;
  let ended = false;
  let cancelled = false;
  let maxBufferSize = 0;
  const reader = {
    read: () =>
      new Promise<ReadableStreamReadResult<VideoFrame>>((resolve) => {
        if (queued) {
          const value = queued;
          queued = null;
          resolve({ done: false, value: value as unknown as VideoFrame });
        } else if (ended || cancelled) resolve({ done: true, value: undefined });
        else waiting = resolve;
      }),
    cancel: async () => {
      cancelled = true;
      queued?.close();
      queued = null;
      waiting?.({ done: true, value: undefined });
    },
  };
  const factory: TrackProcessorFactory = (init) => {
    maxBufferSize = init.maxBufferSize;
    return { readable: { getReader: () => reader } as unknown as ReadableStream<VideoFrame> };
  };
  return {
    factory,
    made,
    get maxBufferSize() {
      return maxBufferSize;
    },
    get cancelled() {
      return cancelled;
    },
    /** The camera delivers a frame. */
    deliver() {
      const frame = fakeFrame(made.length);
      made.push(frame);
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ done: false, value: frame as unknown as VideoFrame });
      } else {
        queued?.close();
        queued = frame;
      }
    },
    /** The track ends (camera unplugged or revoked). */
    end() {
      ended = true;
      waiting?.({ done: true, value: undefined });
    },
  };
}

const track = {} as MediaStreamTrack;

describe('frames read from the camera track', () => {
  it('keeps one frame queued, gives the newest, and every frame skipped or used is closed', async () => {
    const camera = fakeProcessor();
    const source = createTrackFrameSource(track, camera.factory);
    expect(camera.maxBufferSize).toBe(1);
    for (let i = 0; i < 5; i++) camera.deliver();
    expect(await source.grab()).toBe(true);
    expect(source.current).toMatchObject({ width: 640, height: 480 });
    expect((source.current?.source as unknown as FakeFrame | undefined)?.id).toBe(4);
    // The four the loop never looked at are closed; the one in use is not, until released.
    expect(camera.made.filter((f) => f.closed).map((f) => f.id)).toEqual([0, 1, 2, 3]);
    source.release();
    expect(source.current).toBeNull();
    expect(camera.made.every((f) => f.closed)).toBe(true);
  });

  it('a grab closes the frame before it, and waits for the camera when nothing is queued', async () => {
    const camera = fakeProcessor();
    const source = createTrackFrameSource(track, camera.factory);
    camera.deliver();
    await source.grab();
    const pending = source.grab();
    expect(camera.made[0]?.closed).toBe(true);
    camera.deliver();
    expect(await pending).toBe(true);
    expect((source.current?.source as unknown as FakeFrame | undefined)?.id).toBe(1);
  });

  it('leaks nothing when stopped, even with a frame in hand or one arriving later', async () => {
    const camera = fakeProcessor();
    const source = createTrackFrameSource(track, camera.factory);
    camera.deliver();
    await source.grab();
    camera.deliver();
    source.stop();
    source.stop();
    expect(camera.cancelled).toBe(true);
    expect(source.current).toBeNull();
    expect(camera.made.every((f) => f.closed)).toBe(true);
    expect(await source.grab()).toBe(false);
  });

  it('says so when the track ends: no frame, and none after', async () => {
    const camera = fakeProcessor();
    const source = createTrackFrameSource(track, camera.factory);
    const pending = source.grab();
    camera.end();
    expect(await pending).toBe(false);
    expect(source.current).toBeNull();
    expect(await source.grab()).toBe(false);
  });

  it('finds the browser processor only where it exists', () => {
    expect(browserTrackProcessor({})).toBeNull();
    class MediaStreamTrackProcessor {
      readable = {} as ReadableStream<VideoFrame>;
    }
    expect(browserTrackProcessor({ MediaStreamTrackProcessor })).toBeTypeOf('function');
  });
});

describe('atVisibleSize', () => {
  /** A frame of the whole 640×480 picture, shown at `display` (what Chromium hands a track asked for less). */
  const shown = (display: [number, number]) => {
    const frame = {
      displayWidth: display[0],
      displayHeight: display[1],
      visibleRect: { x: 0, y: 0, width: 640, height: 480 },
      closed: false,
      close() {
        this.closed = true;
      },
    };
    return frame as typeof frame & VideoFrame;
  };
  const wrap = (frame: VideoFrame, init: VideoFrameInit) =>
    ({ ...shown([init.displayWidth ?? 0, init.displayHeight ?? 0]), inner: frame }) as unknown as VideoFrame;

  it('re-wraps a frame shown smaller than its picture at the picture size, keeping the camera frame to close', () => {
    const frame = shown([320, 240]);
    const result = atVisibleSize(frame, wrap);
    expect(result.inner).toBe(frame);
    expect([result.frame.displayWidth, result.frame.displayHeight]).toEqual([640, 480]);
  });

  it('leaves a frame shown at its own size alone, and a browser with no VideoFrame', () => {
    const frame = shown([640, 480]);
    expect(atVisibleSize(frame, wrap)).toEqual({ frame, inner: null });
    const small = shown([320, 240]);
    expect(atVisibleSize(small, null)).toEqual({ frame: small, inner: null });
  });

  it('keeps the frame as it is when wrapping fails', () => {
    const frame = shown([320, 240]);
    const failing = () => {
      throw new Error('no');
    };
    expect(atVisibleSize(frame, failing)).toEqual({ frame, inner: null });
  });

  it('closes both the wrapper and the camera frame on release', async () => {
    const small = shown([320, 240]);
    let queued: VideoFrame | null = small;
    const reader = {
      read: async () => {
        const value = queued;
        queued = null;
        return value ? { done: false as const, value } : { done: true as const, value: undefined };
      },
      cancel: async () => undefined,
    };
    const factory: TrackProcessorFactory = () => ({
      readable: { getReader: () => reader } as unknown as ReadableStream<VideoFrame>,
    });
    const made: { closed: boolean }[] = [];
    const OriginalVideoFrame = (globalThis as { VideoFrame?: unknown }).VideoFrame;
    (globalThis as { VideoFrame?: unknown }).VideoFrame = class {
      displayWidth: number;
      displayHeight: number;
      closed = false;
      constructor(_frame: VideoFrame, init: VideoFrameInit) {
        this.displayWidth = init.displayWidth ?? 0;
        this.displayHeight = init.displayHeight ?? 0;
        made.push(this);
      }
      close() {
        this.closed = true;
      }
    };
    try {
      const source = createTrackFrameSource({} as MediaStreamTrack, factory);
      expect(await source.grab()).toBe(true);
      expect([source.current?.width, source.current?.height]).toEqual([640, 480]);
      source.release();
      expect(small.closed).toBe(true);
      expect(made[0]?.closed).toBe(true);
    } finally {
      (globalThis as { VideoFrame?: unknown }).VideoFrame = OriginalVideoFrame;
    }
  });
});
