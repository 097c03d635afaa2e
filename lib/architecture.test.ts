import { describe, expect, it } from 'vitest';
import { chain, type Graph, importsOf, isModule, isTest, modulesUnder, walk } from '@/test/support/import-graph';

/**
 * Who may import whom (issue 11, "The house"). Each rule names its offenders with the chain of imports
 * that reached them, so a failure says where to cut. The content script's storage rules are in
 * lib/settings/content-script-access.test.ts.
 */

const CONTENT_SCRIPT = ['entrypoints/spotify.content/index.ts', 'entrypoints/spotify.content/App.svelte'];
const BACKGROUND = ['entrypoints/background.ts'];
/** The pages a person sees. The offscreen document is the camera's worker, not a page. */
const PAGES = [
  ...CONTENT_SCRIPT,
  ...modulesUnder('entrypoints/popup'),
  ...modulesUnder('entrypoints/options'),
  ...modulesUnder('entrypoints/camera-grant'),
];
const DB_SCHEMA = 'lib/db/schema.ts';

/** Background services: the background folder, any domain's `service.ts` (or `*-service.ts`), the database. */
function isBackgroundService(file: string): boolean {
  return file.startsWith('lib/background/') || /(^|\/|-)service\.ts$/.test(file) || file === DB_SCHEMA;
}

function isUi(file: string): boolean {
  return file.startsWith('components/') || file.startsWith('lib/ui/') || /\.svelte(\.ts)?$/.test(file);
}

/**
 * Every import, by a module of `graph`, of a file `bad` matches, each with the chain that reached the
 * importer: all the places to cut, not only the first path found.
 */
function offenders(graph: Graph, bad: (file: string) => boolean): string[] {
  return [...graph.files.keys()]
    .filter((file) => !bad(file))
    .flatMap((file) =>
      importsOf(file)
        .filter((edge) => !edge.typeOnly && edge.to !== null && bad(edge.to))
        .map((edge) => `${chain(graph, file)} → ${edge.to}`),
    );
}

describe('lib/', () => {
  const production = modulesUnder('lib').filter((file) => !isTest(file));

  it('never imports e2e/ or test support (only *.test.ts files may)', () => {
    const bad = production
      .flatMap(importsOf)
      .filter((edge) => edge.to !== null && /^(e2e|test)\//.test(edge.to))
      .map((edge) => `${edge.from} imports ${edge.specifier}`);
    expect(bad).toEqual([]);
  });

  it('uses @spotify/web-api-ts-sdk for its types only (its runtime calls endpoints Spotify removed)', () => {
    const bad = production
      .flatMap(importsOf)
      .filter((edge) => edge.specifier.startsWith('@spotify/web-api-ts-sdk') && !edge.typeOnly)
      .map((edge) => `${edge.from} imports ${edge.specifier} at run time`);
    expect(bad).toEqual([]);
  });
});

describe('the content script', () => {
  const graph = walk(CONTENT_SCRIPT);

  it('never reaches background services or the database', () => {
    expect(offenders(graph, isBackgroundService)).toEqual([]);
  });
});

describe('the background', () => {
  const graph = walk(BACKGROUND);

  it('is walked from its entry into its services', () => {
    // A walker that found nothing would pass the rule below.
    expect(graph.files.has(DB_SCHEMA)).toBe(true);
    expect([...graph.files.keys()].filter((file) => file.startsWith('lib/background/')).length).toBeGreaterThan(3);
  });

  it('never imports UI: components, Svelte, lib/ui/', () => {
    expect(offenders(graph, isUi)).toEqual([]);
  });
});

describe('entrypoints', () => {
  it('import only their own folder, components/ and lib/', () => {
    const bad = modulesUnder('entrypoints')
      .flatMap(importsOf)
      .filter((edge) => {
        if (edge.to === null) return false;
        const own = edge.from.includes('/', 'entrypoints/'.length)
          ? edge.from.slice(0, edge.from.indexOf('/', 'entrypoints/'.length) + 1)
          : edge.from;
        return !(edge.to.startsWith(own) || edge.to.startsWith('components/') || edge.to.startsWith('lib/'));
      })
      .map((edge) => `${edge.from} imports ${edge.specifier}`);
    expect(bad).toEqual([]);
  });
});

describe('pages and components', () => {
  const components = modulesUnder('components').filter((file) => !isTest(file));

  it('are walked (pages reach components; there are components)', () => {
    expect(components.length).toBeGreaterThan(5);
    expect([...walk(PAGES).files.keys()].some((file) => file.startsWith('components/'))).toBe(true);
  });

  it('never import the database module (they ask the background)', () => {
    const graph = walk([...PAGES, ...components]);
    expect(offenders(graph, (file) => file === DB_SCHEMA)).toEqual([]);
  });
});

describe('the walker', () => {
  it('follows aliases, relative paths and .svelte.ts, and skips type-only imports unless asked', () => {
    expect(isModule('lib/live-state/client.svelte.ts')).toBe(true);
    const typesOnly = importsOf('lib/spotify/types.ts').filter((edge) => edge.specifier === '@spotify/web-api-ts-sdk');
    expect(typesOnly).toHaveLength(1);
    expect(typesOnly[0]?.typeOnly).toBe(true);
    const types = walk(['lib/spotify/types.ts']);
    expect(types.files.has('lib/spotify/schemas.ts')).toBe(false);
    expect(walk(['lib/spotify/types.ts'], { types: true }).files.has('lib/spotify/schemas.ts')).toBe(true);
  });

  it('would notice each kind of offence', () => {
    // Each rule's predicate, on a file known to break it.
    expect(isBackgroundService('lib/background/main.ts')).toBe(true);
    expect(isBackgroundService('lib/camera/service.ts')).toBe(true);
    expect(isBackgroundService('lib/spotify/connection-service.ts')).toBe(true);
    expect(isUi('components/MoodBadge.svelte')).toBe(true);
    expect(isUi('lib/live-state/client.svelte.ts')).toBe(true);
    expect(offenders(walk(['lib/background/main.ts']), (file) => file === DB_SCHEMA).length).toBeGreaterThan(0);
  });
});
