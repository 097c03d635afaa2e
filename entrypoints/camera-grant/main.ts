import '@/components/tokens.css';
import { mount } from 'svelte';
import { t } from '@/lib/i18n';
import App from './App.svelte';

// index.html keeps the English title and lang for the moment before this runs.
document.title = t('camera_grant_title');
document.documentElement.lang = t('language_tag');
mount(App, { target: document.getElementById('app') as HTMLElement });
