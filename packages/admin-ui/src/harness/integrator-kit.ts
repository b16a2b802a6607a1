// A page that mounts the integrator's kit alone (CertificateMaker, TokenExamples) with the app's
// theme and words, for e2e/tests/certificate-maker.test.ts to drive in Chromium apart from the
// pages that mount them. Served by Vite's dev server as /harness/integrator-kit.html; no part of the app's
// build (index.html does not reach it). Query: company, number (the maker's props); endpoint,
// clientId, keyAlgorithm, curve, scope (TokenExamples' props, shown when clientId is given).
import { NConfigProvider } from 'naive-ui';
import { createApp, defineComponent, h, ref } from 'vue';
import CertificateMaker from '../components/certificate/CertificateMaker.vue';
import TokenExamples from '../components/rest-account/TokenExamples.vue';
import { i18n } from '../i18n';
import '../styles.css';
import { cssVariables, theme } from '../theme';

for (const [name, value] of Object.entries(cssVariables()))
  document.documentElement.style.setProperty(name, value);
const query = new URLSearchParams(location.search);

const Harness = defineComponent(() => {
  const made = ref<{ name: string; content: string } | null>(null);
  return () =>
    h(NConfigProvider, { themeOverrides: theme }, () =>
      h('main', { style: 'max-width: 960px; margin: 0 auto; padding: 16px' }, [
        h(CertificateMaker, {
          companyName: query.get('company') ?? '',
          enterpriseNumber: query.get('number') ?? '',
          onChange: (value: { name: string; content: string }) => (made.value = value),
        }),
        made.value
          ? h('section', { 'aria-label': 'Emitted certificate' }, [
              h('p', { 'data-testid': 'emitted-name' }, made.value.name),
              h('pre', { 'data-testid': 'emitted-content', style: 'white-space: pre-wrap; word-break: break-all' }, made.value.content),
            ])
          : null,
        query.get('clientId')
          ? h(TokenExamples, {
              tokenEndpoint: query.get('endpoint') ?? '',
              clientId: query.get('clientId') ?? '',
              certificates: [
                { keyAlgorithm: query.get('keyAlgorithm') ?? '', curve: query.get('curve'), name: 'harness' },
              ],
              scopes: query.getAll('scope'),
            })
          : null,
      ]),
    );
});

createApp(Harness).use(i18n).mount('#app');
