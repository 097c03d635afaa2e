/**
 * What goes into the sources archive AMO asks for with every Firefox upload (`npm run zip:firefox` writes it
 * beside the add-on): exactly what a reviewer needs to rebuild the package with SOURCE-BUILD.md, and nothing
 * private. An allowlist, so a new top-level folder (a cache, a report, a key) stays out until named here.
 */

/** Tinyglobby patterns, relative to the repository root. */
export const SOURCES_INCLUDE = [
  'entrypoints/**',
  'lib/**',
  'components/**',
  'public/**',
  // wxt.config.ts imports these: the asset copiers, the notices generator, the store-zip rules.
  'scripts/build/**',
  'package.json',
  'package-lock.json',
  'wxt.config.ts',
  'tsconfig.json',
  'README.md',
  'SOURCE-BUILD.md',
  'PRIVACY.md',
  'ARCHITECTURE.md',
  'LICENSE',
] as const;

/**
 * Added to WXT's own (node_modules, test and spec files, the output folder). Hidden files and folders
 * (.output*, .cache, .wxt, .env) are already out: WXT's `dotSources` is off.
 */
export const SOURCES_EXCLUDE = [
  'e2e/**',
  'test/**',
  'test-results/**',
  'playwright-report/**',
  'store/**',
  '**/__snapshots__/**',
  // Never shipped, even if one lands in a source folder: keys, env files, the downloaded model.
  '**/*.pem',
  '**/*.key',
  '**/.env*',
  '**/*.task',
] as const;

/** Files the check (scripts/build/check-store-zip.ts) requires in the archive. */
export const SOURCES_REQUIRED = [
  'package.json',
  'package-lock.json',
  'wxt.config.ts',
  'tsconfig.json',
  'SOURCE-BUILD.md',
  'README.md',
  'LICENSE',
  'scripts/build/notices.ts',
  'entrypoints/background.ts',
] as const;

/** Path prefixes and patterns that must never be in the archive. */
export const SOURCES_FORBIDDEN: readonly RegExp[] = [
  /(^|\/)node_modules\//,
  /^\.output/,
  /(^|\/)\.cache\//,
  /^test-results\//,
  /^\.\.?\//,
  /\.(pem|key|task)$/,
  /(^|\/)\.env/,
  /\.(test|spec)\.[cm]?[jt]sx?$/,
];
