import { describe, expect, it } from 'vitest';
import { newlyDone, nextStep, stepStatuses, type WelcomeFacts, withStep } from './steps';

const fresh: WelcomeFacts = {
  kept: { done: [], skipped: [] },
  spotifyConnected: false,
  sync: { tracks: 0, analysed: 0 },
  cameraAllowed: false,
  cameraEnabled: false,
  manualMood: false,
  spotifyTabs: 0,
  nowPlaying: false,
  lastQueuedAt: null,
};

describe('the welcome steps', () => {
  it('start all to do, and open at the first', () => {
    const statuses = stepStatuses(fresh);
    expect(Object.values(statuses).every((status) => status === 'todo')).toBe(true);
    expect(nextStep(statuses)).toBe('about');
  });

  it('follow the real state: connected, a library with features, a web player that plays, a first queue', () => {
    const statuses = stepStatuses({
      ...fresh,
      spotifyConnected: true,
      sync: { tracks: 40, analysed: 1 },
      spotifyTabs: 1,
      nowPlaying: true,
      lastQueuedAt: 5,
    });
    expect(statuses).toMatchObject({ spotify: 'done', library: 'done', player: 'done', queue: 'done' });
    expect(nextStep(statuses)).toBe('about');
  });

  it('a library still listing, a web player with nothing playing, or playing without a panel are to do', () => {
    expect(stepStatuses({ ...fresh, sync: { tracks: 40, analysed: 0 } }).library).toBe('todo');
    expect(stepStatuses({ ...fresh, spotifyTabs: 1, nowPlaying: false }).player).toBe('todo');
    expect(stepStatuses({ ...fresh, spotifyTabs: 0, nowPlaying: true }).player).toBe('todo');
  });

  it('the camera is done when allowed and on, or with a mood picked by hand (no camera)', () => {
    expect(stepStatuses({ ...fresh, cameraAllowed: true }).camera).toBe('todo');
    expect(stepStatuses({ ...fresh, cameraAllowed: true, cameraEnabled: true }).camera).toBe('done');
    expect(stepStatuses({ ...fresh, manualMood: true }).camera).toBe('done');
  });

  it('keep what does not last once seen (read, played, queued), but not a connection since undone', () => {
    const statuses = stepStatuses({ ...fresh, kept: { done: ['about', 'player', 'queue', 'spotify'], skipped: [] } });
    expect(statuses).toMatchObject({ about: 'done', player: 'done', queue: 'done', spotify: 'todo' });
  });

  it('say which kept steps to keep now', () => {
    expect(newlyDone({ ...fresh, manualMood: true, lastQueuedAt: 1, spotifyConnected: true })).toEqual([
      'camera',
      'queue',
    ]);
    expect(newlyDone({ ...fresh, lastQueuedAt: 1, kept: { done: ['queue'], skipped: [] } })).toEqual([]);
  });

  it('a skipped step waits: the next to do opens first, then the skipped ones; done wins over skipped', () => {
    const skipped = stepStatuses({ ...fresh, kept: { done: ['about'], skipped: ['spotify', 'camera'] } });
    expect(skipped).toMatchObject({ about: 'done', spotify: 'skipped', library: 'todo', camera: 'skipped' });
    expect(nextStep(skipped)).toBe('library');
    const onlySkipped = stepStatuses({
      ...fresh,
      spotifyConnected: true,
      sync: { tracks: 1, analysed: 1 },
      kept: { done: ['about', 'player', 'queue'], skipped: ['camera'] },
    });
    expect(nextStep(onlySkipped)).toBe('camera');
    expect(stepStatuses({ ...fresh, spotifyConnected: true, kept: { done: [], skipped: ['spotify'] } }).spotify).toBe(
      'done',
    );
  });

  it('all done: nothing to open', () => {
    const statuses = stepStatuses({
      ...fresh,
      spotifyConnected: true,
      sync: { tracks: 1, analysed: 1 },
      kept: { done: ['about', 'camera', 'player', 'queue'], skipped: [] },
    });
    expect(nextStep(statuses)).toBeNull();
  });

  it('withStep adds a step once and takes it out, in the steps’ order', () => {
    expect(withStep(['queue'], 'about', true)).toEqual(['about', 'queue']);
    expect(withStep(['about', 'queue'], 'about', true)).toEqual(['about', 'queue']);
    expect(withStep(['about', 'queue'], 'about', false)).toEqual(['queue']);
  });
});
