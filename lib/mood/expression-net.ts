import * as tf from '@tensorflow/tfjs-core';
import { softmax } from './model.ts';
import { MOODS } from './types.ts';

/**
 * face-api.js's expression network as `@vladmandic/face-api` 1.7.15 ships it
 * (`model/face_expression_model.bin` + `-weights_manifest.json`, MIT): weights only, so the
 * topology is written here from face-api's source (`FaceFeatureExtractor`, `denseBlock4`,
 * `FaceExpressionNet`): four densely connected blocks of separable convolutions on a 112×112 RGB
 * face, a 7×7 average pool and one fully connected layer to 7 logits.
 */
export const EXPRESSION_SIZE = 112;
export const EXPRESSION_CLASSES = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'] as const;
/** face-api subtracts this mean RGB and divides by 255. */
const MEAN_RGB = [122.782, 117.001, 104.298];

/** For each of MoodDJ's moods (in `MOODS` order), its class index. */
export const EXPRESSION_INDEX: readonly number[] = MOODS.map((m) => {
  const i = (EXPRESSION_CLASSES as readonly string[]).indexOf(m);
  if (i < 0) throw new Error(`no expression class for ${m}`);
  return i;
});

/** 5 mood probabilities (in `MOODS` order): fearful and disgusted dropped, the rest renormalised. */
export function expressionMoodProbs(logits: ArrayLike<number>): number[] {
  return softmax(EXPRESSION_INDEX.map((i) => logits[i] ?? Number.NEGATIVE_INFINITY));
}

export interface ExpressionNet {
  /** 7 logits per face for `n` crops of `EXPRESSION_SIZE`² RGB values in 0–255 (row-major, RGB interleaved). */
  logits(crops: Float32Array, n: number): number[][];
  dispose(): void;
}

/** The network from its weights manifest and `.bin` (dequantised by `tf.io.decodeWeights`), on tfjs's current backend. */
export function createExpressionNet(manifest: tf.io.WeightsManifestConfig, weightData: ArrayBuffer): ExpressionNet {
  const weights = tf.io.decodeWeights(
    weightData,
    manifest.flatMap((g) => g.weights),
  );
  const w = (name: string) => {
    const t = weights[name];
    if (!t) throw new Error(`Expression model: weight ${name} is missing`);
    return t;
  };
  const mean = tf.tensor1d(MEAN_RGB);

  const separable = (x: tf.Tensor4D, name: string, stride: number) =>
    tf.add(
      tf.separableConv2d(
        x,
        w(`${name}/depthwise_filter`) as tf.Tensor4D,
        w(`${name}/pointwise_filter`) as tf.Tensor4D,
        stride,
        'same',
      ),
      w(`${name}/bias`),
    ) as tf.Tensor4D;
  // face-api's denseBlock4: every conv after the first sees the sum of all earlier outputs.
  const denseBlock = (x: tf.Tensor4D, name: string, first: boolean): tf.Tensor4D => {
    const conv0 = first
      ? tf.add(tf.conv2d(x, w(`${name}/conv0/filters`) as tf.Tensor4D, 2, 'same'), w(`${name}/conv0/bias`))
      : separable(x, `${name}/conv0`, 2);
    const out1 = tf.relu(conv0) as tf.Tensor4D;
    const out2 = separable(out1, `${name}/conv1`, 1);
    const out3 = separable(tf.relu(tf.add(out1, out2)) as tf.Tensor4D, `${name}/conv2`, 1);
    const out4 = separable(tf.relu(tf.add(out1, tf.add(out2, out3))) as tf.Tensor4D, `${name}/conv3`, 1);
    return tf.relu(tf.add(out1, tf.add(out2, tf.add(out3, out4)))) as tf.Tensor4D;
  };

  return {
    logits(crops, n) {
      return tf.tidy(() => {
        const input = tf.tensor4d(crops, [n, EXPRESSION_SIZE, EXPRESSION_SIZE, 3]);
        let x = tf.div(tf.sub(input, mean), 255) as tf.Tensor4D;
        x = denseBlock(x, 'dense0', true);
        x = denseBlock(x, 'dense1', false);
        x = denseBlock(x, 'dense2', false);
        x = denseBlock(x, 'dense3', false);
        const pooled = tf.reshape(tf.avgPool(x, [7, 7], [2, 2], 'valid'), [n, -1]);
        return tf.add(tf.matMul(pooled, w('fc/weights')), w('fc/bias')).arraySync() as number[][];
      });
    },
    dispose() {
      tf.dispose([mean, ...Object.values(weights)]);
    },
  };
}
