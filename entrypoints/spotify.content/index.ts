import '@/components/tokens.css';
import { mountPanel } from '@/lib/panel/mount';
import App from './App.svelte';

export default defineContentScript({
  matches: ['https://open.spotify.com/*'],
  cssInjectionMode: 'ui',
  main: (ctx) => mountPanel(ctx, App),
});
