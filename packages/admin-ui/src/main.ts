import { createApp } from 'vue';
import urql from '@urql/vue';
import App from './App.vue';
import { useSession } from './composables/useSession';
import { client } from './graphql/client';
import { i18n } from './i18n';
import { router } from './router';

// Know who is signed in before the first page renders, so navigation never flickers.
void useSession()
  .refresh()
  .finally(() => createApp(App).use(i18n).use(router).use(urql, client).mount('#app'));
