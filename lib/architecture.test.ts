import { describe, expect, it } from 'vitest';
import {
  chain,
  code,
  type Edge,
  type Graph,
  importsOf,
  isModule,
  isTest,
  modulesUnder,
  walk,
} from '@/test/support/import-graph';

/**
 * Who may import whom, and where code runs. Each rule names its offenders (with the chain of imports that
 * reached them, where there is one), so a failure says where to cut. The content script's storage rules are
 * in lib/settings/content-script-access.test.ts.
 *
 * Where code runs, by its path (ARCHITECTURE.md, "Where code runs"):
 * - the service worker: `lib/background/`, and every service (`service.ts`, `*-service.ts`);
 * - the offscreen document: `lib/offscreen/`;
 * - pages (extension pages and the panel): `components/`, `lib/ui/`, `lib/panel/`, `*.svelte`, `*.svelte.ts`;
 * - anywhere: a feature's contract (`messages.ts`) and everything else in `lib/` (pure, or only APIs every
 *   context has), which therefore imports nothing of the three above.
 */

const CONTENT_SCRIPT = ['entrypoints/spotify.content/index.ts', 'entrypoints/spotify.content/App.svelte'];
const BACKGROUND = ['entrypoints/background.ts'];
/** The pages a person sees. The offscreen document is the camera's worker, not a page. */
const PAGES = [
  ...CONTENT_SCRIPT,
  ...modulesUnder('entrypoints/popup'),
  ...modulesUnder('entrypoints/options'),
  ...modulesUnder('entrypoints/camera-grant'),
  ...modulesUnder('entrypoints/welcome'),
  ...modulesUnder('entrypoints/privacy'),
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

type Place = 'worker' | 'offscreen' | 'page' | 'anywhere';

/** Where a module runs, from its path alone. */
function placeOf(file: string): Place {
  if (file === 'entrypoints/background.ts') return 'worker';
  if (file.startsWith('entrypoints/offscreen/')) return 'offscreen';
  if (file.startsWith('entrypoints/')) return 'page';
  if (/(^|\/|-)service\.ts$/.test(file) || file.startsWith('lib/background/')) return 'worker';
  if (/(^|\/|-)messages\.ts$/.test(file)) return 'anywhere';
  if (file.startsWith('lib/offscreen/')) return 'offscreen';
  if (isUi(file) || file.startsWith('lib/panel/')) return 'page';
  return 'anywhere';
}

/** What a module running in one place may import at run time. */
const MAY_IMPORT: Record<Place, readonly Place[]> = {
  worker: ['worker', 'anywhere'],
  offscreen: ['offscreen', 'anywhere'],
  page: ['page', 'anywhere'],
  anywhere: ['anywhere'],
};

const productionModules = () =>
  [...modulesUnder('lib'), ...modulesUnder('components'), ...modulesUnder('entrypoints')].filter(
    (file) => !isTest(file),
  );

/** Every run-time import from `file` to a project module matching `bad`, as "from imports specifier". */
function importsMatching(files: readonly string[], bad: (edge: Edge) => boolean): string[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter((edge) => !edge.typeOnly && bad(edge))
      .map((edge) => `${edge.from} imports ${edge.specifier}`),
  );
}

describe('where code runs', () => {
  it('a module imports only what runs where it runs (type-only imports excepted)', () => {
    const bad = importsMatching(
      productionModules(),
      (edge) => edge.to !== null && isModule(edge.to) && !MAY_IMPORT[placeOf(edge.from)].includes(placeOf(edge.to)),
    ).map((line) => {
      const [from, , specifier] = line.split(' ');
      return `${line} (${placeOf(from ?? '')} → ${specifier})`;
    });
    expect(bad).toEqual([]);
  });

  it('offscreen code never reaches worker-only modules, even through others', () => {
    const graph = walk(['entrypoints/offscreen/main.ts']);
    expect(graph.files.has('lib/offscreen/document.ts')).toBe(true);
    expect(offenders(graph, (file) => placeOf(file) === 'worker')).toEqual([]);
  });

  it('services never reach for the browser, storage or the database themselves: the context gives them all', () => {
    const services = productionModules().filter((file) => /(^|\/|-)service\.ts$/.test(file));
    expect(services.length).toBeGreaterThan(10);
    const bad = importsMatching(services, (edge) => {
      if (['wxt/browser', '#imports', 'wxt/utils/storage', 'webextension-polyfill'].includes(edge.specifier))
        return true;
      if (edge.to === 'lib/settings/store.ts') return true;
      return edge.to === DB_SCHEMA && /\bdb\b/.test(edge.names.replace(/\btype\s+\w+/g, ''));
    });
    expect(bad).toEqual([]);
  });

  it('the transport knows no feature: lib/messaging imports only itself and the error funnel', () => {
    const bad = importsMatching(
      modulesUnder('lib/messaging').filter((file) => !isTest(file)),
      (edge) => edge.to !== null && !edge.to.startsWith('lib/messaging/') && !edge.to.startsWith('lib/errors/'),
    );
    expect(bad).toEqual([]);
    // Type-only imports count here too: the protocol-wide types are derived outside, in lib/protocol.ts.
    const types = modulesUnder('lib/messaging')
      .filter((file) => !isTest(file))
      .flatMap(importsOf)
      .filter(
        (edge) => edge.to !== null && !edge.to.startsWith('lib/messaging/') && !edge.to.startsWith('lib/errors/'),
      );
    expect(types).toEqual([]);
  });

  it('only the owner of the mood in effect writes it into the live state', () => {
    const writers = productionModules().filter((file) => /\blive\.update\(/.test(code(file)));
    expect(writers.length).toBeGreaterThan(3);
    const bad = writers.filter((file) => file !== 'lib/mood/current.ts' && /^\s+(mood|manualMood): /m.test(code(file)));
    expect(bad).toEqual([]);
  });

  it('no production module is over 350 lines', () => {
    const long = productionModules()
      .filter((file) => file.endsWith('.ts'))
      .map((file) => [file, code(file).split('\n').length] as const)
      .filter(([, lines]) => lines > 350);
    expect(long).toEqual([]);
  });
});

describe('comments and docs', () => {
  it('give the reason, never an issue number (issues end; reasons stay true)', () => {
    const files = [
      ...modulesUnder('lib'),
      ...modulesUnder('components'),
      ...modulesUnder('entrypoints'),
      ...modulesUnder('e2e'),
      ...modulesUnder('scripts'),
      ...modulesUnder('test'),
    ];
    const bad = files.filter((file) => /\bissues? \d+\b/i.test(code(file)));
    expect(bad).toEqual([]);
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
    expect(placeOf('lib/dj/service.ts')).toBe('worker');
    expect(placeOf('lib/spotify/connection-service.ts')).toBe('worker');
    expect(placeOf('lib/panel/panel-service.ts')).toBe('worker');
    expect(placeOf('lib/panel/messages.ts')).toBe('anywhere');
    expect(placeOf('lib/panel/player-watch.ts')).toBe('page');
    expect(placeOf('lib/offscreen/document.ts')).toBe('offscreen');
    expect(placeOf('lib/recommend/recommend.ts')).toBe('anywhere');
    expect(MAY_IMPORT.anywhere.includes(placeOf('lib/offscreen/document.ts'))).toBe(false);
    expect(offenders(walk(['lib/background/main.ts']), (file) => file === DB_SCHEMA).length).toBeGreaterThan(0);
  });
});
