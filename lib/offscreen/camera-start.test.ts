import { describe, expect, it, vi } from 'vitest';
import { type CameraStartDeps, startCamera } from './camera-start';

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise<void>((done) => setTimeout(done, 0));

/** A camera start whose model, settings and camera each resolve when the test says. */
function setup() {
  const events: string[] = [];
  const model = deferred<'landmarker'>();
  const prepared = deferred<void>();
  const camera = deferred<{ getTracks(): { stop(): void }[] } | null>();
  const track = { stop: vi.fn(() => events.push('track stopped')) };
  const stream = { getTracks: () => [track] };
  const deps: CameraStartDeps<'landmarker', 'frames', typeof stream> = {
    landmarker: model.promise,
    prepared: prepared.promise,
    openStream: () => {
      events.push('camera asked');
      return camera.promise as Promise<typeof stream | null>;
    },
    openFrames: async () => {
      events.push('frames');
      return 'frames';
    },
    startLoop: (landmarker, frames) => events.push(`loop(${landmarker}, ${frames})`),
    stopFrames: () => events.push('frames stopped'),
    mark: (step) => events.push(`mark ${step}`),
    fail: vi.fn((error: unknown) => events.push(`failed: ${(error as Error).message}`)),
  };
  return { events, model, prepared, camera, track, stream, deps };
}

describe('the camera start', () => {
  it('asks for the camera while the model is still loading, and starts the loop once both are there', async () => {
    const { events, model, prepared, camera, stream, deps } = setup();
    const started = startCamera(deps);
    await flush();
    // The model has not loaded, yet the camera is already asked for: the two overlap.
    expect(events).toEqual(['camera asked']);
    camera.resolve(stream);
    await flush();
    expect(events).toEqual(['camera asked', 'mark stream', 'frames', 'mark playing']);
    prepared.resolve();
    await flush();
    expect(events).not.toContain('loop(landmarker, frames)');
    model.resolve('landmarker');
    expect(await started).toBe(true);
    expect(events.slice(-2)).toEqual(['loop(landmarker, frames)', 'mark loop']);
  });

  it('uses a model that loaded before the camera opened at once', async () => {
    const { events, model, prepared, camera, stream, deps } = setup();
    model.resolve('landmarker');
    prepared.resolve();
    const started = startCamera(deps);
    camera.resolve(stream);
    expect(await started).toBe(true);
    expect(events).toEqual([
      'camera asked',
      'mark stream',
      'frames',
      'mark playing',
      'loop(landmarker, frames)',
      'mark loop',
    ]);
  });

  it('stops the camera, and says so once, when the model fails to load', async () => {
    const { events, model, prepared, camera, track, stream, deps } = setup();
    const started = startCamera(deps);
    camera.resolve(stream);
    prepared.resolve();
    model.reject(new Error('the model did not load'));
    expect(await started).toBe(false);
    expect(deps.fail).toHaveBeenCalledTimes(1);
    expect(track.stop).toHaveBeenCalledTimes(1);
    expect(events).toEqual([
      'camera asked',
      'mark stream',
      'frames',
      'mark playing',
      'frames stopped',
      'track stopped',
      'failed: the model did not load',
    ]);
  });

  it('stops the camera when the settings never come', async () => {
    const { model, prepared, camera, track, stream, deps } = setup();
    const started = startCamera(deps);
    camera.resolve(stream);
    model.resolve('landmarker');
    prepared.reject(new Error('no answer from the background'));
    expect(await started).toBe(false);
    expect(track.stop).toHaveBeenCalledTimes(1);
    expect(deps.fail).toHaveBeenCalledWith(new Error('no answer from the background'));
  });

  it('leaves a refused camera alone: nothing to stop, and the refusal was told where it happened', async () => {
    const { events, model, prepared, camera, deps } = setup();
    const started = startCamera(deps);
    camera.resolve(null);
    // The document handles the model's own failure (it marks the load only when it succeeds).
    model.promise.catch(() => undefined);
    model.reject(new Error('the model did not load'));
    prepared.resolve();
    expect(await started).toBe(false);
    expect(events).toEqual(['camera asked']);
    expect(deps.fail).not.toHaveBeenCalled();
  });
});
