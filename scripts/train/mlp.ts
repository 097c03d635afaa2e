import type { DenseLayer } from '../../lib/mood/model.ts';
import { createRng, shuffled } from './rng.ts';

/** Hyperparameters of one network. `hidden: 0` is plain softmax (multinomial logistic) regression. */
export interface NetConfig {
  readonly hidden: number;
  /** L2 penalty on weights (not biases), per unit of sample weight. */
  readonly l2: number;
  readonly epochs: number;
  /** Adam step size; decays linearly to 10 % over the run. */
  readonly lr: number;
  readonly batch: number;
  /** Target smoothing, since in-the-wild labels come from one annotator each. */
  readonly labelSmoothing: number;
  /** Std of Gaussian noise added to the standardised inputs during training. */
  readonly inputNoise: number;
}

/**
 * Trains one softmax network (optionally with one tanh hidden layer) with mini-batch Adam on a
 * weighted cross-entropy. `X` rows are already standardised.
 */
export function trainNet(
  X: readonly Float64Array[],
  y: readonly number[],
  w: readonly number[],
  K: number,
  cfg: NetConfig,
  seed: number,
): DenseLayer[] {
  const rand = createRng(seed);
  const gauss = () => {
    const u = 1 - rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const d = X[0]?.length ?? 0;
  const H = cfg.hidden;
  const inW = H > 0 ? H : K;
  // Parameters, flat: W1 (inW×d), b1 (inW), then W2 (K×H), b2 (K) when there is a hidden layer.
  const sizes = H > 0 ? [inW * d, inW, K * H, K] : [K * d, K];
  const total = sizes.reduce((a, b) => a + b, 0);
  const theta = new Float64Array(total);
  const o1 = 0;
  const ob1 = o1 + inW * d;
  const o2 = ob1 + inW;
  const ob2 = o2 + K * H;
  const s1 = Math.sqrt(6 / (d + inW));
  for (let i = 0; i < inW * d; i++) theta[o1 + i] = (2 * rand() - 1) * s1;
  if (H > 0) {
    const s2 = Math.sqrt(6 / (H + K));
    for (let i = 0; i < K * H; i++) theta[o2 + i] = (2 * rand() - 1) * s2;
  }
  const isWeight = new Uint8Array(total);
  isWeight.fill(1, o1, ob1);
  if (H > 0) isWeight.fill(1, o2, ob2);

  const grad = new Float64Array(total);
  const m = new Float64Array(total);
  const v = new Float64Array(total);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;
  const n = X.length;
  const meanW = w.reduce((a, b) => a + b, 0) / n;
  const xin = new Float64Array(d);
  const h = new Float64Array(Math.max(H, 1));
  const logits = new Float64Array(K);
  const dz = new Float64Array(K);
  const dh = new Float64Array(Math.max(H, 1));
  const order = Array.from({ length: n }, (_, i) => i);

  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    const lr = cfg.lr * (1 - (0.9 * epoch) / cfg.epochs);
    const perm = shuffled(order, rand);
    for (let start = 0; start < n; start += cfg.batch) {
      const batch = perm.slice(start, start + cfg.batch);
      grad.fill(0);
      let bw = 0;
      for (const i of batch) {
        const xi = X[i] as Float64Array;
        const wi = (w[i] ?? 1) / meanW;
        bw += wi;
        for (let j = 0; j < d; j++) xin[j] = (xi[j] ?? 0) + (cfg.inputNoise > 0 ? cfg.inputNoise * gauss() : 0);
        // Forward.
        if (H > 0) {
          for (let u = 0; u < H; u++) {
            let s = theta[ob1 + u] ?? 0;
            const row = o1 + u * d;
            for (let j = 0; j < d; j++) s += (theta[row + j] ?? 0) * (xin[j] ?? 0);
            h[u] = Math.tanh(s);
          }
          for (let k = 0; k < K; k++) {
            let s = theta[ob2 + k] ?? 0;
            const row = o2 + k * H;
            for (let u = 0; u < H; u++) s += (theta[row + u] ?? 0) * (h[u] ?? 0);
            logits[k] = s;
          }
        } else {
          for (let k = 0; k < K; k++) {
            let s = theta[ob1 + k] ?? 0;
            const row = o1 + k * d;
            for (let j = 0; j < d; j++) s += (theta[row + j] ?? 0) * (xin[j] ?? 0);
            logits[k] = s;
          }
        }
        let mx = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < K; k++) mx = Math.max(mx, logits[k] ?? 0);
        let se = 0;
        for (let k = 0; k < K; k++) {
          const e = Math.exp((logits[k] ?? 0) - mx);
          dz[k] = e;
          se += e;
        }
        const yi = y[i] ?? 0;
        for (let k = 0; k < K; k++) {
          const target = (k === yi ? 1 - cfg.labelSmoothing : 0) + cfg.labelSmoothing / K;
          dz[k] = wi * ((dz[k] ?? 0) / se - target);
        }
        // Backward.
        if (H > 0) {
          dh.fill(0);
          for (let k = 0; k < K; k++) {
            const g = dz[k] ?? 0;
            grad[ob2 + k] = (grad[ob2 + k] ?? 0) + g;
            const row = o2 + k * H;
            for (let u = 0; u < H; u++) {
              grad[row + u] = (grad[row + u] ?? 0) + g * (h[u] ?? 0);
              dh[u] = (dh[u] ?? 0) + g * (theta[row + u] ?? 0);
            }
          }
          for (let u = 0; u < H; u++) {
            const hu = h[u] ?? 0;
            const g = (dh[u] ?? 0) * (1 - hu * hu);
            grad[ob1 + u] = (grad[ob1 + u] ?? 0) + g;
            const row = o1 + u * d;
            for (let j = 0; j < d; j++) grad[row + j] = (grad[row + j] ?? 0) + g * (xin[j] ?? 0);
          }
        } else {
          for (let k = 0; k < K; k++) {
            const g = dz[k] ?? 0;
            grad[ob1 + k] = (grad[ob1 + k] ?? 0) + g;
            const row = o1 + k * d;
            for (let j = 0; j < d; j++) grad[row + j] = (grad[row + j] ?? 0) + g * (xin[j] ?? 0);
          }
        }
      }
      // Adam on the batch-mean gradient plus the L2 term.
      step++;
      const c1 = 1 - beta1 ** step;
      const c2 = 1 - beta2 ** step;
      for (let p = 0; p < total; p++) {
        const th = theta[p] ?? 0;
        const g = (grad[p] ?? 0) / bw + (isWeight[p] ? cfg.l2 * th : 0);
        const mp = beta1 * (m[p] ?? 0) + (1 - beta1) * g;
        const vp = beta2 * (v[p] ?? 0) + (1 - beta2) * g * g;
        m[p] = mp;
        v[p] = vp;
        theta[p] = th - (lr * (mp / c1)) / (Math.sqrt(vp / c2) + 1e-8);
      }
    }
  }

  const matrix = (off: number, rows: number, cols: number) =>
    Array.from({ length: rows }, (_, r) => Array.from(theta.subarray(off + r * cols, off + (r + 1) * cols)));
  const first: DenseLayer = {
    w: matrix(o1, inW, d),
    b: Array.from(theta.subarray(ob1, ob1 + inW)),
    activation: H > 0 ? 'tanh' : 'linear',
  };
  if (H === 0) return [first];
  return [first, { w: matrix(o2, K, H), b: Array.from(theta.subarray(ob2, ob2 + K)), activation: 'linear' }];
}
