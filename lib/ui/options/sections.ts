/** The options page's sections by their anchor id, in the order they show once Spotify is connected. */
export const OPTIONS_SECTIONS = ['camera', 'dj', 'shortcuts', 'spotify', 'features', 'moods', 'data'] as const;
export type OptionsSectionId = (typeof OPTIONS_SECTIONS)[number];

/**
 * The order of the sections (and of the nav that lists them): until Spotify is connected, connecting it is the
 * first thing to do, so its section comes first. `connected` is null until the live state has arrived; the
 * usual order stands until then.
 */
export function sectionOrder(connected: boolean | null): readonly OptionsSectionId[] {
  if (connected !== false) return OPTIONS_SECTIONS;
  return ['spotify', ...OPTIONS_SECTIONS.filter((id) => id !== 'spotify')];
}
