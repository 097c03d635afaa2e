/*
 * The welcome page's steps and whether each is done, from the real state: the live state, the camera permission and
 * the progress kept in settings (`settings.welcome`). Pure, so the rules are tested without a page.
 */

/** The setup, in the order the welcome page walks it. */
export const WELCOME_STEPS = ['about', 'spotify', 'library', 'camera', 'player', 'queue'] as const;
export type WelcomeStep = (typeof WELCOME_STEPS)[number];

/**
 * Steps whose signal does not last, kept once seen done: the page was read, something played once, MoodDJ queued
 * once (the live state forgets these when the browser restarts or the player stops).
 */
export const KEPT_STEPS: ReadonlySet<WelcomeStep> = new Set(['about', 'camera', 'player', 'queue']);

export type StepStatus = 'done' | 'todo' | 'skipped';

/** What the steps are judged from. */
export interface WelcomeFacts {
  /** Kept progress (`settings.welcome`). */
  kept: { done: readonly WelcomeStep[]; skipped: readonly WelcomeStep[] };
  spotifyConnected: boolean;
  sync: { tracks: number; analysed: number };
  /** Chrome's camera permission for MoodDJ's pages. */
  cameraAllowed: boolean;
  cameraEnabled: boolean;
  /** A mood picked by hand: the way without a camera. */
  manualMood: boolean;
  spotifyTabs: number;
  nowPlaying: boolean;
  /** When MoodDJ last queued a track (`dj.lastQueuedAt`), if it has since the browser started. */
  lastQueuedAt: number | null;
}

/** Whether the real state shows `step` done now (kept steps aside). */
export function doneNow(step: WelcomeStep, facts: WelcomeFacts): boolean {
  switch (step) {
    case 'about':
      return false;
    case 'spotify':
      return facts.spotifyConnected;
    case 'library':
      // Something to suggest: the library listed and a first track's features in.
      return facts.sync.tracks > 0 && facts.sync.analysed > 0;
    case 'camera':
      return (facts.cameraAllowed && facts.cameraEnabled) || facts.manualMood;
    case 'player':
      return facts.spotifyTabs > 0 && facts.nowPlaying;
    case 'queue':
      return facts.lastQueuedAt !== null;
  }
}

/** Each step's status: done (now, or kept), skipped for now, or still to do. */
export function stepStatuses(facts: WelcomeFacts): Record<WelcomeStep, StepStatus> {
  const statuses = {} as Record<WelcomeStep, StepStatus>;
  for (const step of WELCOME_STEPS) {
    const done = doneNow(step, facts) || (KEPT_STEPS.has(step) && facts.kept.done.includes(step));
    statuses[step] = done ? 'done' : facts.kept.skipped.includes(step) ? 'skipped' : 'todo';
  }
  return statuses;
}

/** Kept steps the real state shows done but the kept progress does not have yet: what to keep now. */
export function newlyDone(facts: WelcomeFacts): WelcomeStep[] {
  return WELCOME_STEPS.filter(
    (step) => KEPT_STEPS.has(step) && !facts.kept.done.includes(step) && doneNow(step, facts),
  );
}

/** The step to open: the first still to do, else the first skipped, else none (all done). */
export function nextStep(statuses: Record<WelcomeStep, StepStatus>): WelcomeStep | null {
  return (
    WELCOME_STEPS.find((step) => statuses[step] === 'todo') ??
    WELCOME_STEPS.find((step) => statuses[step] === 'skipped') ??
    null
  );
}

/** `list` with `step` added once (or taken out), in the steps' order. */
export function withStep(list: readonly WelcomeStep[], step: WelcomeStep, present: boolean): WelcomeStep[] {
  return WELCOME_STEPS.filter((each) => (each === step ? present : list.includes(each)));
}
