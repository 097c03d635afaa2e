/**
 * THIRD_PARTY_NOTICES.txt, generated at build time from what the build really ships: every npm package one of
 * Vite's bundles took a module from (a Rollup plugin reads each chunk's module list), every package a public
 * asset is copied from (MediaPipe's and TensorFlow.js's WASM, the FER-2013 model), and the FaceLandmarker model,
 * which comes from Google rather than npm. Each entry has the package's licence field and the text of its own
 * LICENSE and NOTICE files, so the file cannot drift from node_modules the way a hand-kept list would.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/** Where the notices and MoodDJ's own licence sit in every package. */
export const NOTICES_FILE = 'THIRD_PARTY_NOTICES.txt';
export const LICENSE_FILE = 'LICENSE';

/** What ships that no npm package brings: copied from a download, so its licence is named here. */
export interface ExternalWork {
  name: string;
  license: string;
  source: string;
  /** Where the licence is stated. */
  licenseSource: string;
}

// Rollup and Vite write module ids with forward slashes on every platform.
const NODE_MODULES = '/node_modules/';

/**
 * The folder of the package a module or file comes from, or null outside node_modules. Rollup ids of
 * virtual or query-suffixed modules ("\0…", "…?inline") are cleaned first; the innermost node_modules wins,
 * so a nested copy of a package counts as its own version.
 */
export function packageDirOf(path: string): string | null {
  const clean = path.replace(/^\0/, '').replace(/\?.*$/, '').replaceAll('\\', '/');
  const at = clean.lastIndexOf(NODE_MODULES);
  if (at < 0) return null;
  const rest = clean.slice(at + NODE_MODULES.length).split('/');
  const depth = rest[0]?.startsWith('@') ? 2 : 1;
  if (rest.length <= depth) return null;
  return clean.slice(0, at + NODE_MODULES.length) + rest.slice(0, depth).join('/');
}

/** A Vite plugin that adds to `into` the folder of every package one of the build's chunks holds code from. */
export function bundledPackages(into: Set<string>): Plugin {
  return {
    name: 'mooddj:bundled-packages',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        for (const id of Object.keys(file.modules)) {
          const dir = packageDirOf(id);
          if (dir) into.add(dir);
        }
      }
    },
  };
}

interface PackageJson {
  name?: string;
  version?: string;
  license?: string | { type?: string };
  author?: string | { name?: string };
  homepage?: string;
  repository?: string | { url?: string };
}

export interface PackageNotice {
  name: string;
  version: string;
  license: string;
  source: string;
  /** The package's own licence file, or the standard text when it ships none. */
  licenseText: string;
  noticeText: string | null;
}

const LICENSE_NAMES = /^(licen[cs]e|copying)([.-].*)?$/i;
const NOTICE_NAMES = /^notice(\..*)?$/i;
const STANDARD_TEXTS = join(dirname(new URL(import.meta.url).pathname), 'licenses');

function findFile(dir: string, pattern: RegExp): string | null {
  const name = readdirSync(dir)
    .filter((entry) => pattern.test(entry))
    .sort()[0];
  return name ? readFileSync(join(dir, name), 'utf8').trim() : null;
}

function licenseOf(pkg: PackageJson): string {
  const raw = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type;
  // @spotify/web-api-ts-sdk says "Apache"; its LICENSE file is the Apache License 2.0.
  return raw === 'Apache' ? 'Apache-2.0' : (raw ?? '');
}

function authorOf(pkg: PackageJson): string {
  const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
  return (author ?? `the ${pkg.name} authors`).replace(/\s*<[^>]*>/g, '').trim();
}

function sourceOf(pkg: PackageJson): string {
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  return (pkg.homepage ?? repo ?? `https://www.npmjs.com/package/${pkg.name}`).replace(/^git\+/, '');
}

/** The standard text of a licence that a package names but ships no file for. */
export function standardText(license: string, copyrightHolder: string): string | null {
  if (license === 'Apache-2.0') return readFileSync(join(STANDARD_TEXTS, 'Apache-2.0.txt'), 'utf8').trim();
  if (license === 'MIT') {
    const mit = readFileSync(join(STANDARD_TEXTS, 'MIT.txt'), 'utf8').trim();
    return mit.replace('<copyright holders>', copyrightHolder);
  }
  return null;
}

/** Reads one package folder's notice; a package with neither a licence file nor a known licence is an error. */
export function readPackageNotice(dir: string): PackageNotice {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  const name = pkg.name ?? dir;
  const license = licenseOf(pkg);
  const licenseText = findFile(dir, LICENSE_NAMES) ?? standardText(license, authorOf(pkg));
  if (!license || !licenseText) {
    throw new Error(
      `${name} (${dir}) ships in MoodDJ but ${license ? `has no licence file and "${license}" has no standard text in scripts/build/licenses/` : 'names no licence'}. ` +
        'Add the licence text there, or stop bundling the package.',
    );
  }
  return {
    name,
    version: pkg.version ?? '',
    license,
    source: sourceOf(pkg),
    licenseText,
    noticeText: findFile(dir, NOTICE_NAMES),
  };
}

const RULE = '-'.repeat(78);

/** The notices file: a summary line per work, then each work's licence and NOTICE text. */
export function renderNotices(packages: readonly PackageNotice[], external: readonly ExternalWork[]): string {
  const sorted = [...packages].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const lines = [
    'MoodDJ — third-party notices',
    '',
    'MoodDJ is MIT-licensed (see LICENSE). It ships the following works by others, under their own licences.',
    'This file is generated at build time (scripts/build/notices.ts) from the packages the build bundles.',
    '',
    ...sorted.map((p) => `  ${p.name} ${p.version} — ${p.license}`),
    ...external.map((w) => `  * ${w.name} — ${w.license} (not from npm)`),
  ];
  for (const p of sorted) {
    lines.push('', RULE, `${p.name} ${p.version}`, `License: ${p.license}`, `Source: ${p.source}`, '', p.licenseText);
    if (p.noticeText) lines.push('', `NOTICE (${p.name}):`, '', p.noticeText);
  }
  for (const w of external) {
    lines.push(
      '',
      RULE,
      w.name,
      `License: ${w.license}`,
      `Source: ${w.source}`,
      `Licence stated at: ${w.licenseSource}`,
    );
    const text = standardText(w.license, w.name);
    if (text) lines.push('', text);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The notices for a build: the packages its bundles drew on (from {@link bundledPackages}), those its public
 * assets are copied from, and the external works.
 */
export function buildNotices(
  bundled: Iterable<string>,
  assetPaths: readonly string[],
  external: readonly ExternalWork[],
): string {
  const dirs = new Set<string>();
  for (const dir of [...bundled, ...assetPaths.map(packageDirOf)]) {
    if (!dir) continue;
    if (!existsSync(join(dir, 'package.json'))) throw new Error(`${dir} holds bundled code but has no package.json`);
    // Bundled ids are real paths, asset paths may go through a symlinked node_modules: count each package once.
    dirs.add(realpathSync(dir));
  }
  return renderNotices([...dirs].map(readPackageNotice), external);
}

/** The package names a notices file lists in its summary, for the store-zip check. */
export function listedPackages(notices: string): Set<string> {
  const names = new Set<string>();
  for (const line of notices.split('\n')) {
    const match = /^ {2}([^*\s]\S*) \S+ — /.exec(line);
    if (match?.[1]) names.add(match[1]);
  }
  return names;
}
