import { readFileSync } from 'node:fs';
import * as tfCore from '@tensorflow/tfjs-core';

/** The part of face-api used here; its tfjs typed as the one it shares the engine with. */
interface FaceApiBundle {
  readonly tf: typeof tfCore;
  readonly env: { setEnv(env: unknown): void; createNodejsEnv(): unknown };
  readonly FaceExpressionNet: new () => {
    loadFromWeightMap(weights: tfCore.NamedTensorMap): void;
    forward(input: tfCore.Tensor4D): Promise<tfCore.Tensor2D>;
  };
}

/**
 * face-api's own FaceExpressionNet (`@vladmandic/face-api`'s browser bundle), to check
 * `lib/mood/expression-net.ts` against it. The bundle's tfjs shares the engine and environment of
 * this process's `@tensorflow/tfjs-core` (they live on globalThis), so both run on the same cpu
 * kernels and only the network code differs. Seen as a browser while it loads, the bundle sets
 * tfjs's browser platform (fetch, TextEncoder: Node has both) instead of its Node one, which needs
 * the `util` module the bundle stubs out.
 */
export async function faceApiExpressions(files: { manifest: string; bin: string }) {
  const browser = tfCore.env().getBool('IS_BROWSER');
  tfCore.env().set('IS_BROWSER', true);
  // Its kernels register again under the same names: quiet, as they are the same tfjs version's.
  tfCore.env().set('PROD', true);
  let faceapi: FaceApiBundle;
  try {
    faceapi = (await import('@vladmandic/face-api/dist/face-api.esm.js')) as unknown as FaceApiBundle;
  } finally {
    tfCore.env().set('IS_BROWSER', browser);
    tfCore.env().set('PROD', false);
  }
  const tf = faceapi.tf;
  await tf.setBackend('cpu');
  await tf.ready();
  faceapi.env.setEnv(faceapi.env.createNodejsEnv());
  const bin = readFileSync(files.bin);
  const manifest = JSON.parse(readFileSync(files.manifest, 'utf8')) as { weights: never[] }[];
  const net = new faceapi.FaceExpressionNet();
  net.loadFromWeightMap(
    tf.io.decodeWeights(
      bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      manifest.flatMap((g) => g.weights),
    ),
  );
  /** face-api's 7 probabilities for one 112×112 RGB crop (values 0–255, interleaved). */
  return async (crop: Float32Array): Promise<number[]> => {
    const input = tf.tensor4d(crop, [1, 112, 112, 3]);
    const out = await net.forward(input);
    const probs = Array.from(out.dataSync());
    tf.dispose([input, out]);
    return probs;
  };
}
