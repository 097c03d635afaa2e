import { FaceLandmarker, type FaceLandmarkerResult } from '@mediapipe/tasks-vision';
import { frameFromResult } from '@/lib/mood/features';
import type { FaceFrame } from '@/lib/mood/types';

/** Where the bundled MediaPipe files are; from `browser.runtime.getURL` in the extension. */
export interface MediapipeUrls {
  wasmLoader: string;
  wasmBinary: string;
  model: string;
}

/**
 * Creates the FaceLandmarker with the WASM and model shipped inside the extension
 * (never the CDN's `FilesetResolver`: MV3 forbids remote code). CPU delegate: it is
 * predictable on every machine, and fast enough at 5 fps.
 */
export function createFaceLandmarker(urls: MediapipeUrls, runningMode: 'IMAGE' | 'VIDEO'): Promise<FaceLandmarker> {
  return FaceLandmarker.createFromOptions(
    { wasmLoaderPath: urls.wasmLoader, wasmBinaryPath: urls.wasmBinary },
    {
      baseOptions: { modelAssetPath: urls.model, delegate: 'CPU' },
      runningMode,
      numFaces: 1,
      outputFaceBlendshapes: true,
      outputFacialTransformationMatrixes: false,
    },
  );
}

/**
 * One camera frame through the landmarker (VIDEO mode), as a `FaceFrame` (or null: no face). The
 * frame is a `VideoFrame` from the track or a playing `<video>` (`frame-source.ts`).
 */
export function detectVideoFrame(
  landmarker: FaceLandmarker,
  image: { source: TexImageSource; width: number; height: number },
  timestampMs: number,
): FaceFrame | null {
  const result = landmarker.detectForVideo(image.source, timestampMs);
  return frameFromResult(result, image.width / Math.max(1, image.height));
}

/**
 * Detects a face in a still image. A face that fills the picture edge to edge is often
 * missed, so on a miss the image is tried again centred on a grey canvas twice its size,
 * and the landmarks are mapped back to the original image.
 */
export function detectImageWithPadding(
  landmarker: FaceLandmarker,
  image: HTMLImageElement | HTMLCanvasElement | ImageBitmap,
  makeCanvas: (width: number, height: number) => HTMLCanvasElement | OffscreenCanvas,
): { frame: FaceFrame | null; padded: boolean } {
  const aspect = image.width / Math.max(1, image.height);
  const direct = frameFromResult(landmarker.detect(image), aspect);
  if (direct) return { frame: direct, padded: false };
  const canvas = makeCanvas(image.width * 2, image.height * 2);
  const context = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!context) return { frame: null, padded: true };
  context.fillStyle = 'rgb(128,128,128)';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, image.width / 2, image.height / 2);
  const result = unpad(landmarker.detect(canvas as HTMLCanvasElement));
  return { frame: frameFromResult(result, aspect), padded: true };
}

/** Maps landmarks found on the 2× padded canvas back to the original image's coordinates. */
export function unpad(result: FaceLandmarkerResult): FaceLandmarkerResult {
  return {
    ...result,
    faceLandmarks: result.faceLandmarks.map((face) =>
      face.map((p) => ({ ...p, x: 2 * p.x - 0.5, y: 2 * p.y - 0.5, z: 2 * p.z })),
    ),
  };
}
