/**
 * What every store package must hold, whichever store it goes to: MoodDJ's licence, third-party notices naming
 * every bundled production dependency, and nothing a store should not get (source maps, keys, env files, tests).
 * Used by scripts/build/check-store-zip.ts on the real zips.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appearanceAssets } from './appearance-assets';
import { LICENSE_FILE, listedPackages, NOTICES_FILE } from './notices';

/** A failed expectation, with what was found. */
export type Problem = string;

const FORBIDDEN_IN_PACKAGE: readonly [RegExp, string][] = [
  [/\.map$/, 'a source map'],
  [/\.(pem|key|crx)$/, 'a key'],
  [/(^|\/)\.env/, 'an env file'],
  [/\.(test|spec)\.[cm]?[jt]sx?$/, 'a test file'],
  [/(^|\/)node_modules\//, 'node_modules'],
];

/** Text that only a secret looks like: a PEM private key, or a client secret assignment. */
const SECRET_TEXT = /-----BEGIN [A-Z ]*PRIVATE KEY-----|client_secret\s*[:=]\s*["'`][A-Za-z0-9]{16,}/;

/**
 * Dependencies that ship no code: MoodDJ imports only types from the Spotify SDK (its runtime calls endpoints
 * Spotify removed; lib/architecture.test.ts keeps it so), so the bundle holds nothing of it to credit.
 */
export const TYPE_ONLY_DEPENDENCIES = ['@spotify/web-api-ts-sdk'];

/** The package.json `dependencies` that ship code: the notices must name them all. */
export function productionDependencies(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(pkg.dependencies ?? {}).filter((name) => !TYPE_ONLY_DEPENDENCIES.includes(name));
}

/**
 * Problems with one package's files (name → bytes): the licence is the repository's, the notices name each
 * production dependency and each package a copied asset comes from, and nothing forbidden is inside.
 */
export function packageProblems(
  files: ReadonlyMap<string, Buffer>,
  { root, mustName }: { root: string; mustName: readonly string[] },
): Problem[] {
  const problems: Problem[] = [];
  const license = files.get(LICENSE_FILE)?.toString('utf8');
  if (license !== readFileSync(join(root, LICENSE_FILE), 'utf8'))
    problems.push(`${LICENSE_FILE} is missing or differs`);
  const notices = files.get(NOTICES_FILE)?.toString('utf8');
  if (!notices) problems.push(`${NOTICES_FILE} is missing`);
  else {
    const listed = listedPackages(notices);
    const missing = mustName.filter((name) => !listed.has(name));
    if (missing.length > 0) problems.push(`${NOTICES_FILE} does not name ${missing.join(', ')}`);
    if (!notices.includes('MediaPipe FaceLandmarker model')) problems.push(`${NOTICES_FILE} does not name the model`);
  }
  for (const [name, bytes] of files) {
    for (const [pattern, what] of FORBIDDEN_IN_PACKAGE) {
      if (pattern.test(name)) problems.push(`${name} is ${what}`);
    }
    if (/\.(js|json|html|txt)$/.test(name) && SECRET_TEXT.test(bytes.toString('utf8'))) {
      problems.push(`${name} holds what looks like a secret`);
    }
  }
  return problems;
}

/**
 * The packages the appearance models are copied from (scripts/build/appearance-assets.ts, which ships only the views
 * the committed stacker fuses): the notices must name them too. MediaPipe's WASM comes from a production dependency.
 */
export function assetPackages(root: string): string[] {
  const names = appearanceAssets(root).map(
    (asset) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(asset.absoluteSrc)?.[1],
  );
  return [...new Set(names.filter((name): name is string => name !== undefined))];
}

interface LintMessage {
  code: string;
  file?: string;
  message: string;
}

/**
 * `web-ext lint` warnings that come from bundled libraries and are safe in MoodDJ, by code and message, each with
 * why. Any other warning fails the check: fix it, or explain it here.
 */
export const EXPLAINED_LINT_WARNINGS: Record<string, string> = {
  'DANGEROUS_EVAL: The Function constructor is eval.':
    "zod 4's `allowsEval` probe, `try { Function(''); return true } catch { return false }`: the extension CSP has " +
    'no unsafe-eval, so the probe throws and zod takes its non-JIT path; no string is ever evaluated.',
  'UNSAFE_VAR_ASSIGNMENT: Unsafe assignment to innerHTML':
    "Svelte's runtime clones each component's compile-time template through `template.innerHTML`: static markup " +
    "from MoodDJ's own .svelte files; data always goes into text nodes and attributes.",
  'UNSAFE_VAR_ASSIGNMENT: Unsafe call to import for argument 0':
    "MediaPipe's loader `import()`s its WASM glue, mediapipe/vision_wasm_internal.js, from a runtime.getURL() " +
    'address inside the package (MV3 allows no other code).',
};

/** web-ext lint's JSON report, split into what fails the check and what is explained. */
export function lintProblems(report: { errors: LintMessage[]; warnings: LintMessage[] }): {
  problems: Problem[];
  explained: string[];
} {
  const problems = report.errors.map((e) => `web-ext lint error ${e.code} in ${e.file ?? 'the package'}: ${e.message}`);
  const explained: string[] = [];
  for (const warning of report.warnings) {
    const why = EXPLAINED_LINT_WARNINGS[`${warning.code}: ${warning.message}`];
    const line = `${warning.code} in ${warning.file ?? 'the package'}: ${warning.message}`;
    if (why) explained.push(`${line} — ${why}`);
    else problems.push(`unexplained web-ext lint warning ${line}`);
  }
  return { problems, explained };
}
