import { defineConfig } from 'wxt';
import { manifestCommands } from './lib/commands/commands';
import { EXTENSION_PAGES_CSP, INSTALL_HOST_PERMISSIONS, OPTIONAL_HOST_PERMISSIONS } from './lib/privacy/hosts';
import { APPEARANCE_FILES, appearanceAssets } from './scripts/build/appearance-assets';
import { fakeCameraAssets, fakeCameraDefine } from './scripts/build/fake-camera';
import { MEDIAPIPE_FILES, MODEL_WORK, mediapipeAssets } from './scripts/build/mediapipe-assets';
import { buildNotices, bundledPackages, LICENSE_FILE, NOTICES_FILE } from './scripts/build/notices';
import { SOURCES_EXCLUDE, SOURCES_INCLUDE } from './scripts/build/sources-zip';
import { assertZippable, isStoreBuild, STORE_OUT_DIR_TEMPLATE, withoutKeyForStore } from './scripts/build/store-zip';

/**
 * The public half of the key that pins MoodDJ's extension id
 * (glmgeodeblocnbhnebfbkflannpckceg), so the Spotify redirect URI a user registers,
 * https://glmgeodeblocnbhnebfbkflannpckceg.chromiumapp.org/, survives reinstalls and
 * every folder the unpacked build is loaded from.
 */
const MANIFEST_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxfQ2yJvKbfVo9GllhHOsbEizxD6pPw9sd6/XUZuArMc2eKgu+yvX' +
  '7Q82eqFl7RM/1vZPlBL0+elIWAH+TnJLXY7Yw0KcyIgEqGzvD8J/2jEmL1MVQnUY6gD+yVKqUxbHXpODZn/ro56o8t+AjH5s' +
  'krI+M5iykvhFU3jTgO4soA2cly0m54t+IcFAjYt6cx+oHzEpqzk1F9dcsNIG/97Hret7Ut6q02J1xZZVV7LeR/Ht1bzIGtwM' +
  'V6eRUkoVyiN9l7qm956bxrrT9Qyu3xXe/0+EFryt9cC22sqO51WISCOaDVa7kreI7uuBRfU9f0/4vP9l7hhoWNursYP/726B' +
  'oQIDAQAB';

const STORE = isStoreBuild();

/** The node_modules packages this build's bundles take code from, for THIRD_PARTY_NOTICES.txt. */
const BUNDLED_PACKAGES = new Set<string>();

/**
 * Firefox's fixed add-on id: its identity redirect URI, https://<hash of this id>.extensions.allizom.org/,
 * is what a Firefox user registers in their Spotify app, so it must never change.
 */
export const GECKO_ID = 'mooddj@mooddj.app';

export default defineConfig({
  // webextension-polyfill: `browser` from `wxt/browser` is the same promise API on Chrome and Firefox.
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/webextension-polyfill'],
  // Lets two builds (e.g. parallel e2e runs) live side by side; the default is WXT's `.output`.
  outDir: process.env.MOODDJ_OUT_DIR ?? '.output',
  // The store build (`npm run zip`) goes beside the unpacked one, which keeps its key.
  outDirTemplate: STORE ? STORE_OUT_DIR_TEMPLATE : undefined,
  manifest: ({ browser }) => ({
    // Words live in public/_locales/en/messages.json, so a translation is a file.
    name: '__MSG_extension_name__',
    description: '__MSG_extension_description__',
    default_locale: 'en',
    ...(browser === 'firefox'
      ? {
          // Firefox: no `key` (the gecko id pins the add-on), no offscreen API (the camera lives in a MoodDJ tab).
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              // 140: the first Firefox with built-in data-collection consent, which AMO requires of new add-ons.
              strict_min_version: '140.0',
              // MoodDJ sends nothing to its developers; what reaches Spotify and the feature providers is the
              // person's own request (PRIVACY.md).
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads data_collection_permissions from 142 on (web-ext lint warns below that).
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {
          // The lowest Chrome on which everything MoodDJ relies on works: `storage.local.setAccessLevel` (without it
          // content scripts could read and write settings) is "supported by all storage areas from Chrome 140"
          // (MDN browser-compat-data, webextensions/api/storage.json, PR mdn/browser-compat-data#29536; Chromium
          // crbug.com/40949182). Everything else is older: runtime.getContexts 116, offscreen USER_MEDIA 109,
          // 'wasm-unsafe-eval' 102 (developer.chrome.com/docs/extensions/whats-new).
          minimum_chrome_version: '140',
          // Left out of the store zip (the store refuses it): see scripts/build/store-zip.ts.
          key: MANIFEST_KEY,
        }),
    // idle: the camera turns off while the machine is idle or locked. offscreen: Chrome's camera host.
    permissions: [...(browser === 'firefox' ? [] : ['offscreen']), 'storage', 'alarms', 'identity', 'idle'],
    // Exactly the hosts of lib/privacy/hosts.ts, the list the privacy statement names: those needed from the start,
    // and SoundNet's, asked for only when the person saves a RapidAPI key (so the install warning does not name it).
    host_permissions: [...INSTALL_HOST_PERMISSIONS],
    optional_host_permissions: [...OPTIONAL_HOST_PERMISSIONS],
    content_security_policy: {
      // 'wasm-unsafe-eval': MediaPipe compiles its bundled WASM. connect-src: no request leaves for
      // a host MoodDJ does not name, MediaPipe's usage metrics included.
      extension_pages: EXTENSION_PAGES_CSP,
    },
    action: { default_title: '__MSG_extension_name__' },
    // Keyboard shortcuts (lib/commands/commands.ts): no permission needed.
    commands: manifestCommands(),
  }),
  zip: {
    // The sources archive AMO asks for (`npm run zip:firefox`): what a reviewer needs to rebuild the package.
    includeSources: [...SOURCES_INCLUDE],
    excludeSources: [...SOURCES_EXCLUDE],
  },
  // Test-only, off unless MOODDJ_FAKE_CAMERA_CLIP is set (scripts/build/fake-camera.ts).
  vite: () => ({ define: fakeCameraDefine() }),
  hooks: {
    'build:manifestGenerated': (_wxt, manifest) => withoutKeyForStore(manifest, STORE),
    'zip:extension:start': (wxt) => assertZippable(wxt.config.outDir),
    'build:before': () => BUNDLED_PACKAGES.clear(),
    'vite:build:extendConfig': (_entrypoints, vite) => {
      vite.plugins = [...(vite.plugins ?? []), bundledPackages(BUNDLED_PACKAGES)];
    },
    // Runs after every entrypoint is bundled, so the notices cover all of them (scripts/build/notices.ts).
    'build:publicAssets': async (wxt, files) => {
      files.push(...fakeCameraAssets());
      const assets = [...(await mediapipeAssets(wxt.config.root)), ...appearanceAssets(wxt.config.root)];
      const notices = buildNotices(
        BUNDLED_PACKAGES,
        assets.map((asset) => asset.absoluteSrc),
        [MODEL_WORK],
      );
      files.push(
        ...assets,
        { absoluteSrc: `${wxt.config.root}/${LICENSE_FILE}`, relativeDest: LICENSE_FILE },
        { contents: notices, relativeDest: NOTICES_FILE },
      );
    },
    // Declared so `browser.runtime.getURL('/mediapipe/…')` and `('/appearance/…')` type-check.
    'prepare:publicPaths': (_wxt, paths) => {
      paths.push(...Object.values(MEDIAPIPE_FILES), ...Object.values(APPEARANCE_FILES));
    },
  },
});
