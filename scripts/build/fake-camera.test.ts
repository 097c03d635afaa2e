import { describe, expect, it } from 'vitest';
import { FAKE_CAMERA_CLIP_PATH, fakeCameraAssets, fakeCameraDefine, fakeCameraTraces } from './fake-camera';

const clip = import.meta.filename; // any file that exists, by its absolute path

describe('the test-only fake camera in the build', () => {
  it('is off without MOODDJ_FAKE_CAMERA_CLIP: an empty constant, no asset', () => {
    expect(fakeCameraDefine({})).toEqual({ 'import.meta.env.MOODDJ_FAKE_CAMERA': '""' });
    expect(fakeCameraAssets({})).toEqual([]);
  });

  it('with a clip, copies it in and points the constant at it', () => {
    const env = { MOODDJ_FAKE_CAMERA_CLIP: clip };
    expect(fakeCameraDefine(env)).toEqual({
      'import.meta.env.MOODDJ_FAKE_CAMERA': JSON.stringify(FAKE_CAMERA_CLIP_PATH),
    });
    expect(fakeCameraAssets(env)).toEqual([{ absoluteSrc: clip, relativeDest: FAKE_CAMERA_CLIP_PATH }]);
  });

  it('stops a build given a clip that is not there, or not an absolute path', () => {
    expect(() => fakeCameraDefine({ MOODDJ_FAKE_CAMERA_CLIP: '/nowhere/clip.mjpeg' })).toThrow(/absolute path/);
    expect(() => fakeCameraDefine({ MOODDJ_FAKE_CAMERA_CLIP: 'happy.mjpeg' })).toThrow(/absolute path/);
  });

  it('stops a store build (`npm run zip`) given a clip: the fake camera never ships', () => {
    const env = { MOODDJ_FAKE_CAMERA_CLIP: clip, MOODDJ_STORE: '1' };
    expect(() => fakeCameraDefine(env)).toThrow(/store build.*MOODDJ_FAKE_CAMERA_CLIP/);
    expect(() => fakeCameraAssets(env)).toThrow(/store build/);
    expect(fakeCameraDefine({ MOODDJ_STORE: '1' })).toEqual({ 'import.meta.env.MOODDJ_FAKE_CAMERA': '""' });
  });

  it('finds its traces in a package: the clip, or the module by its marker', () => {
    const files = new Map([
      ['background.js', Buffer.from('console.log(1)')],
      [FAKE_CAMERA_CLIP_PATH, Buffer.from([0xff, 0xd8])],
      ['chunks/x.js', Buffer.from('throw Error("mooddj-fake-camera: no 2D canvas")')],
    ]);
    expect(fakeCameraTraces(files)).toEqual([FAKE_CAMERA_CLIP_PATH, 'chunks/x.js']);
    expect(fakeCameraTraces(new Map([['background.js', Buffer.from('')]]))).toEqual([]);
  });
});
