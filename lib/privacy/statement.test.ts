import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db/schema';
import { PRUNE_EVERY_MINUTES } from '@/lib/history/service';
import { type MessageKey, t } from '@/lib/i18n';
import { FEATURE_NAMES } from '@/lib/mood/features';
import en from '@/public/_locales/en/messages.json' with { type: 'json' };
import { CONTACTED_HOSTS } from './hosts';
import {
  DEFAULT_RETENTION_DAYS,
  FACE_NUMBERS,
  formatEffectiveDate,
  messageParts,
  PERSONAL_EXAMPLES_PER_MOOD,
  THIRD_PARTY_POLICIES,
} from './statement';

/**
 * The privacy statement is only worth something if it is true. What can be checked mechanically is checked
 * here: the in-extension statement's words (its messages; its hosts come from `CONTACTED_HOSTS` itself, and the
 * e2e test `e2e/privacy-page.spec.ts` reads them on the rendered page) and PRIVACY.md, the same policy for
 * the store listing, against the code that makes each point true.
 */
const ROOT = join(import.meta.dirname, '../..');
/** PRIVACY.md with its line breaks as spaces, so the checks do not depend on where lines wrap. */
const POLICY = readFileSync(join(ROOT, 'PRIVACY.md'), 'utf8').replace(/\s+/g, ' ');
const STATEMENT = readFileSync(join(ROOT, 'components/PrivacyStatement.svelte'), 'utf8');
const ES_PATH = join(ROOT, 'public/_locales/es/messages.json');
const message = (key: MessageKey) => en[key].message;

/** Every table of lib/db/schema.ts, sorted: the ones that hold the person's data, and the device's bookkeeping. */
const PERSONAL_TABLES = [
  'calibration',
  'features',
  'moodEvents',
  'personalExamples',
  'playEvents',
  'secrets',
  'tracks',
] as const;
const BOOKKEEPING_TABLES = ['featureQueue', 'syncState'] as const;

/** The buttons the statement names (by their own messages, so a renamed button renames them there too). */
const BUTTONS: MessageKey[] = [
  'options_calibration_clear',
  'options_personal_delete',
  'options_personal_delete_all',
  'data_delete_history',
  'data_delete_everything',
  'data_export',
  'options_spotify_disconnect',
  'options_key_remove',
  'options_retention_label',
  'teach_open',
  'options_playlist_moods_label',
];

describe('the face numbers the statement counts', () => {
  it('are every number a calibration or a personal example stores, each of one kind', () => {
    const { total, blendshapes, measurements, landmarkCoordinates } = FACE_NUMBERS;
    expect(total).toBe(FEATURE_NAMES.length);
    expect(blendshapes + measurements + landmarkCoordinates).toBe(total);
    expect(landmarkCoordinates).toBeGreaterThan(0);
  });
});

describe('the in-extension statement', () => {
  it('says that the calibration and the personal examples hold landmark coordinates, with counts from the code', () => {
    expect(message('privacy_calibration_text')).toContain('landmark coordinates');
    expect(message('privacy_examples_text')).toContain('landmark coordinates');
    // The numbers are filled in from FACE_NUMBERS, never written into the words.
    for (const slot of ['$1', '$2', '$3', '$4']) expect(message('privacy_calibration_text')).toContain(slot);
    expect(message('privacy_calibration_text')).not.toMatch(/\b(52|104|172)\b/);
    expect(t('privacy_calibration_text', 172, 52, 16, 104)).toContain('104 landmark coordinates');
  });

  it('never again claims that nothing derived from the face is stored', () => {
    const words = Object.entries(en)
      .filter(([key]) => key.startsWith('privacy_'))
      .map(([, value]) => value.message)
      .join('\n');
    expect(words).not.toMatch(/landmarks and blendshapes never|never stored; only the resulting mood/i);
    expect(words).toMatch(/never exported or sent/);
  });

  it('names every contacted host, from the same list as the CSP, each with its words', () => {
    expect(STATEMENT).toContain('{#each CONTACTED_HOSTS as host');
    for (const host of CONTACTED_HOSTS) expect(STATEMENT).toContain(`'${host.what}': t('privacy_host_`);
  });

  it('says what "Delete mood history" keeps, and where the face data is deleted', () => {
    expect(message('privacy_library_delete')).toMatch(/keeps .*your calibration and your personal examples/);
    expect(message('data_delete_history_hint')).toMatch(/keeps .*your calibration and your personal examples/);
    expect(message('privacy_examples_delete')).toContain('“$6” keeps them');
  });

  it('is in Spanish too, with the same substitutions in every message', () => {
    if (!existsSync(ES_PATH)) return;
    const es = JSON.parse(readFileSync(ES_PATH, 'utf8')) as Record<string, { message: string }>;
    const keys = Object.keys(en).filter((key) => key.startsWith('privacy_') || key === 'data_delete_history_hint');
    const slots = (text: string) => [...new Set(text.match(/\$[1-9]/g) ?? [])].sort();
    for (const key of keys) {
      expect(es[key], key).toBeDefined();
      expect(slots(es[key]?.message ?? ''), key).toEqual(slots(message(key as MessageKey)));
    }
  });
});

describe('messageParts', () => {
  it('cuts a message at its substitutions, in the order the language puts them', () => {
    const parts = messageParts((a, b) => `${b} then ${a}.`, 2);
    expect(parts).toEqual([{ slot: 1 }, { text: ' then ' }, { slot: 0 }, { text: '.' }]);
  });
});

describe('PRIVACY.md', () => {
  it('carries the effective date the extension shows', () => {
    expect(POLICY).toContain(`**Effective date: ${formatEffectiveDate('en-GB')}**`);
    expect(formatEffectiveDate('en-GB')).toBe('6 December 2026');
  });

  it('names every contacted host', () => {
    for (const host of CONTACTED_HOSTS) expect(POLICY).toContain(`\`${new URL(host.origin).host}\``);
  });

  it('names every table that holds personal data, and every table is either that or bookkeeping', () => {
    const tables = openDb('privacy-statement-test')
      .tables.map((table) => table.name)
      .sort();
    expect(tables).toEqual([...PERSONAL_TABLES, ...BOOKKEEPING_TABLES].sort());
    for (const table of [...PERSONAL_TABLES, ...BOOKKEEPING_TABLES]) expect(POLICY).toContain(`\`${table}\``);
  });

  it('states the face numbers, the landmark coordinates among them, as the code stores them', () => {
    const { total, blendshapes, measurements, landmarkCoordinates } = FACE_NUMBERS;
    expect(POLICY).toContain(`**${total} numbers derived from it**`);
    expect(POLICY).toContain(`${blendshapes} blendshape values`);
    expect(POLICY).toContain(`${measurements} face measurements`);
    expect(POLICY).toContain(`**${landmarkCoordinates} landmark coordinates**`);
    expect(POLICY).toContain(`up to ${PERSONAL_EXAMPLES_PER_MOOD} per mood`);
  });

  it('states the retention the code applies', () => {
    expect(POLICY).toContain(`**${DEFAULT_RETENTION_DAYS} days** unless you change it`);
    expect(POLICY).toContain(`MoodDJ checks every ${PRUNE_EVERY_MINUTES / 60} hours`);
  });

  it('names each button by the words on it', () => {
    for (const key of BUTTONS) expect(POLICY, key).toContain(`“${message(key)}”`);
  });

  it("links each third party's own policy page", () => {
    for (const { url } of THIRD_PARTY_POLICIES) expect(POLICY).toContain(`<${url}>`);
  });

  it('says that MediaPipe’s metrics are refused, and that there are no analytics and no remote code', () => {
    expect(POLICY).toContain('odml.pa.googleapis.com');
    expect(POLICY).toMatch(/No analytics, no ads, no tracking, no remote code/);
  });
});
