import { type LatestOnly, latestOnly } from '@/lib/async/latest';
import { reportError } from '@/lib/errors/report';
import { t } from '@/lib/i18n';
import { clientFor } from '@/lib/messaging/client';
import { moodCountMessages } from '@/lib/recommend/messages';
import { DEFAULT_PROFILES, type MoodProfile, PROFILE_NAMES, type ProfileName } from '@/lib/recommend/profiles';
import type { SettingsClient } from '@/lib/ui/settings.svelte';

/** A drag fires `input` at frame rate; the count is asked for once the slider has rested this long. */
export const COUNT_DEBOUNCE_MS = 150;

/**
 * The mood-range editor's state: ranges being dragged (shown and counted before they are saved) and the
 * number of library tracks inside each range. The background counts (it owns the database): all seven
 * ranges in one message when the saved ranges change, then only the range being dragged, debounced.
 * Only the latest answer per range lands, so a slow count never overwrites a newer one.
 */
export class MoodRangesEditor {
  drafts = $state<Partial<Record<ProfileName, MoodProfile>>>({});
  counts = $state<Partial<Record<ProfileName, number>>>({});
  #settings: SettingsClient;
  /** Per range: a count asked for all seven ranges is dropped for a range dragged since. */
  #latest = Object.fromEntries(PROFILE_NAMES.map((name) => [name, latestOnly()])) as Record<ProfileName, LatestOnly>;
  #timers = new Map<ProfileName, ReturnType<typeof setTimeout>>();

  constructor(settings: SettingsClient) {
    this.#settings = settings;
  }

  /** The range shown: the draft while dragging, else the saved one. */
  profile(name: ProfileName): MoodProfile {
    return this.drafts[name] ?? this.#settings.value.moods[name];
  }

  /** Counts every range as shown (one message). */
  countAll(): Promise<void> {
    return this.#count([...PROFILE_NAMES]);
  }

  /** A slider moved: show the draft at once, count it when the slider rests. */
  input(name: ProfileName, profile: MoodProfile): void {
    this.drafts = { ...this.drafts, [name]: profile };
    clearTimeout(this.#timers.get(name));
    this.#timers.set(
      name,
      setTimeout(() => void this.#count([name]), COUNT_DEBOUNCE_MS),
    );
  }

  async save(name: ProfileName, profile: MoodProfile): Promise<void> {
    await this.#settings.save('moods', name, profile);
    const { [name]: _saved, ...rest } = this.drafts;
    this.drafts = rest;
  }

  /** Every range back to its default; throws the reason a range was not saved, in words. */
  async reset(): Promise<void> {
    this.drafts = {};
    for (const name of PROFILE_NAMES) {
      if (!(await this.#settings.save('moods', name, DEFAULT_PROFILES[name])))
        throw new Error(this.#settings.errors[`moods.${name}`] ?? t('common_invalid_value'));
    }
  }

  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  async #count(names: ProfileName[]): Promise<void> {
    const asks = names.map((name) => {
      clearTimeout(this.#timers.get(name));
      return { name, isLatest: this.#latest[name].begin() };
    });
    try {
      const counts = await clientFor(moodCountMessages).countMoodMatches({
        profiles: names.map((name) => this.profile(name)),
      });
      const landed = { ...this.counts };
      asks.forEach(({ name, isLatest }, i) => {
        const count = counts[i];
        if (isLatest() && count !== undefined) landed[name] = count;
      });
      this.counts = landed;
    } catch (error) {
      // The count is a hint beside the sliders; the ranges still save without it.
      reportError('options', error);
    }
  }
}
