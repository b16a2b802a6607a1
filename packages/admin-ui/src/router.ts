import { createRouter, createWebHistory } from 'vue-router';
import { useSession } from './composables/useSession';
import HomePage from './pages/HomePage.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Only for a signed-in person: others are sent to sign in, and back here afterwards. */
    person?: boolean;
    /** Only for a person with a role in a company: others see how to get one (NoRolePage). */
    role?: boolean;
  }
}

const person = { person: true };
const role = { person: true, role: true };

// Every page but the landing page is its own chunk: the first load stays small.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: HomePage },
    { path: '/sign-up', name: 'sign-up', component: () => import('./pages/SignUpPage.vue') },
    { path: '/sign-in', name: 'sign-in', component: () => import('./pages/SignInPage.vue') },
    { path: '/verify-email', name: 'verify-email', component: () => import('./pages/VerifyEmailPage.vue') },
    { path: '/forgot-password', name: 'forgot-password', component: () => import('./pages/ForgotPasswordPage.vue') },
    { path: '/reset-password', name: 'reset-password', component: () => import('./pages/ResetPasswordPage.vue') },
    { path: '/register', name: 'register', component: () => import('./pages/RegisterEmployerPage.vue'), meta: person },
    { path: '/access', name: 'access', component: () => import('./pages/AccessPage.vue'), meta: role },
    { path: '/chaman', name: 'chaman', component: () => import('./pages/ChamanPage.vue'), meta: role },
    { path: '/chaman/accounts/:clientId', name: 'account', component: () => import('./pages/AccountPage.vue'), meta: role },
    { path: '/chaman/certificates', name: 'certificates', component: () => import('./pages/CertificatesPage.vue'), meta: role },
    { path: '/chaman/webhooks', name: 'webhooks', component: () => import('./pages/WebhooksPage.vue'), meta: role },
    { path: '/account', name: 'your-account', component: () => import('./pages/YourAccountPage.vue'), meta: person },
    { path: '/audit', name: 'audit', component: () => import('./pages/AuditPage.vue'), meta: role },
    { path: '/operator', name: 'operator', component: () => import('./pages/OperatorPage.vue'), meta: person },
    { path: '/debugger', name: 'debugger', component: () => import('./pages/DebuggerPage.vue') },
    { path: '/playground', name: 'playground', component: () => import('./pages/PlaygroundPage.vue') },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
  ],
});

const SIGN_IN_PAGES = new Set(['sign-in', 'sign-up']);

router.beforeEach((to, from) => {
  const session = useSession();
  if (to.meta.person && !session.state.me) return { name: 'sign-in', query: { next: to.fullPath } };
  // Going from sign-in to sign-up (or back) keeps the page to return to.
  const next = from.query.next;
  if (SIGN_IN_PAGES.has(String(to.name)) && SIGN_IN_PAGES.has(String(from.name)) && to.query.next === undefined && typeof next === 'string') {
    return { ...to, query: { ...to.query, next } };
  }
  return true;
});
