/**
 * TEST-ONLY: a camera that plays a face clip, for the Firefox end-to-end tests. Chromium has a file-backed fake
 * camera (`--use-file-for-fake-video-capture`); Firefox's fake camera only shows a drifting colour, with no face.
 *
 * It is in a build only when that build is made with `MOODDJ_FAKE_CAMERA_CLIP=/abs/path/clip.mjpeg`
 * (scripts/build/fake-camera.ts copies the clip in and sets `import.meta.env.MOODDJ_FAKE_CAMERA` to its path in the
 * build). The one call to this module, in document.ts, is a dynamic import behind that build-time constant, which is
 * empty otherwise: the bundler drops the call and never emits this module. `npm run test:zip` checks that a normal
 * build has no trace of it (FAKE_CAMERA_MARKER).
 *
 * The real `getUserMedia` has already run when this is called, so the browser's rules still apply (a background
 * page is refused; a tab needs the grant). Only the frames are replaced: by a canvas stream of the clip's JPEG
 * frames, looped at the clip's 30 fps.
 */

/** In every message this module writes; the normal-build check looks for it. */
export const FAKE_CAMERA_MARKER = 'mooddj-fake-camera';
/** The shared clips' rate (../shared/faces/video/SOURCES.md). */
const CLIP_FPS = 30;

/** The JPEG frames of a raw MJPEG stream: each from an SOI marker (FF D8) to the next EOI (FF D9). */
export function splitMjpeg(bytes: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  let start = -1;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0xff) continue;
    const next = bytes[i + 1];
    if (next === 0xd8 && start < 0) start = i;
    else if (next === 0xd9 && start >= 0) {
      frames.push(bytes.subarray(start, i + 2));
      start = -1;
      i++;
    }
  }
  return frames;
}

/** Stops `real`'s tracks and returns a stream that plays the clip at `clipPath` (in the extension) instead. */
export async function playClipInstead(real: MediaStream, clipPath: string): Promise<MediaStream> {
  const response = await fetch(`/${clipPath}`);
  if (!response.ok) throw new Error(`${FAKE_CAMERA_MARKER}: /${clipPath} answered ${response.status}`);
  const frames = splitMjpeg(new Uint8Array(await response.arrayBuffer()));
  const decode = (index: number) =>
    createImageBitmap(new Blob([frames[index % frames.length] as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }));
  if (frames.length === 0) throw new Error(`${FAKE_CAMERA_MARKER}: no JPEG frames in /${clipPath}`);
  const first = await decode(0);
  const canvas = document.createElement('canvas');
  canvas.width = first.width;
  canvas.height = first.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error(`${FAKE_CAMERA_MARKER}: no 2D canvas`);
  context.drawImage(first, 0, 0);
  first.close();
  const stream = canvas.captureStream(CLIP_FPS);
  const track = stream.getVideoTracks()[0];
  for (const realTrack of real.getTracks()) realTrack.stop();

  const startedAt = performance.now();
  const draw = async () => {
    if (!track || track.readyState === 'ended') return;
    // By the clock, not by count: a hidden tab runs timers at most once a second, and the clip keeps its pace.
    const image = await decode(Math.floor(((performance.now() - startedAt) * CLIP_FPS) / 1000));
    context.drawImage(image, 0, 0);
    image.close();
    schedule();
  };
  // A frame that fails to decode stops the clip; the camera page then sees no face, which a test notices.
  const schedule = () =>
    setTimeout(() => draw().catch((error) => console.error(FAKE_CAMERA_MARKER, error)), 1000 / CLIP_FPS);
  schedule();
  return stream;
}

declare global {
  interface ImportMetaEnv {
    /** The clip's path in a test build (scripts/build/fake-camera.ts); '' in every other build. */
    readonly MOODDJ_FAKE_CAMERA: string;
  }
}
