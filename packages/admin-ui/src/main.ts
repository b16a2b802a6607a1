import { createApp } from 'vue';
import urql from '@urql/vue';
import App from './App.vue';
import { useSession } from './composables/useSession';
import { client } from './graphql/client';
import { i18n, loadLocale } from './i18n';
import { router } from './router';
import './styles.css';
import { cssVariables } from './theme';

// The design tokens as CSS custom properties, for the styles that are ours rather than naive-ui's.
for (const [name, value] of Object.entries(cssVariables())) document.documentElement.style.setProperty(name, value);

// Know who is signed in before the first page renders, so navigation never flickers.
// The reader's language is loaded by then too (each language is its own chunk).
void Promise.allSettled([useSession().refresh(), loadLocale(i18n.global.locale.value)]).finally(() =>
  createApp(App).use(i18n).use(router).use(urql, client).mount('#app'),
);
