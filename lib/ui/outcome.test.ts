import { describe, expect, it } from 'vitest';
import { failureText, type OutcomeHolder, outcomeAt, perform } from './outcome';

const holder = (): OutcomeHolder => ({ busy: false, outcome: null });

describe('perform', () => {
  it('is busy while the action runs, then says it is done in the words given', async () => {
    const state = holder();
    let seenBusy = false;
    const result = await perform(
      state,
      async () => {
        seenBusy = state.busy;
        return 12;
      },
      { done: (n) => `Deleted ${n} mood changes.` },
    );
    expect(seenBusy).toBe(true);
    expect(result).toBe(12);
    expect(state).toEqual({ busy: false, outcome: { kind: 'done', text: 'Deleted 12 mood changes.' } });
  });

  it('shows nothing for a done the page shows another way', async () => {
    const state = holder();
    state.outcome = { kind: 'failed', text: 'before', item: null };
    await perform(state, async () => undefined, { done: null });
    expect(state.outcome).toBeNull();
  });

  it('never throws: a failure is its reason in words, around the action’s sentence, by its row', async () => {
    const state = holder();
    const result = await perform(
      state,
      async () => {
        throw new Error('The file is not JSON.');
      },
      { done: 'Imported.', failed: (reason) => `Nothing imported: ${reason}`, item: 7 },
    );
    expect(result).toBeUndefined();
    expect(state).toEqual({
      busy: false,
      outcome: { kind: 'failed', text: 'Nothing imported: The file is not JSON.', item: 7 },
    });
  });

  it('clears the last outcome when the action runs again', async () => {
    const state = holder();
    state.outcome = { kind: 'done', text: 'Saved.' };
    let during: unknown = 'unset';
    await perform(
      state,
      async () => {
        during = state.outcome;
      },
      { done: 'Saved.' },
    );
    expect(during).toBeNull();
  });
});

describe('failureText', () => {
  it('says what to do when the background does not answer', () => {
    for (const message of [
      'Could not establish connection. Receiving end does not exist.',
      'The message port closed before a response was received.',
      'No response',
    ]) {
      expect(failureText(new Error(message))).toBe(
        "MoodDJ's background did not answer. Try again; if it keeps failing, reload this page.",
      );
    }
  });

  it('asks for a reload after an update', () => {
    expect(failureText(new Error('Extension context invalidated.'))).toBe(
      'MoodDJ was updated or reloaded. Reload this page to go on.',
    );
  });

  it('keeps any other reason as it is, and never shows an empty one', () => {
    expect(failureText(new Error('Calibration is already running.'))).toBe('Calibration is already running.');
    expect(failureText('')).toBe('That did not work, and the browser did not say why. Try again.');
  });
});

describe('outcomeAt', () => {
  const done = { kind: 'done', text: 'Example deleted.' } as const;
  const rowFailure = { kind: 'failed', text: 'No answer', item: 3 } as const;

  it('shows a row’s failure in that row only', () => {
    expect(outcomeAt(rowFailure, 3)).toBe(rowFailure);
    expect(outcomeAt(rowFailure, 4)).toBeNull();
    expect(outcomeAt(rowFailure)).toBeNull();
  });

  it('shows done, and a failure of the whole action, where the action shows its outcome', () => {
    expect(outcomeAt(done)).toBe(done);
    expect(outcomeAt(done, 3)).toBeNull();
    const whole = { kind: 'failed', text: 'No answer', item: null } as const;
    expect(outcomeAt(whole)).toBe(whole);
    expect(outcomeAt(null)).toBeNull();
  });
});
