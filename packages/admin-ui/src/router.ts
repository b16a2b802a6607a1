import { createRouter, createWebHistory } from 'vue-router';
import HomePage from './pages/HomePage.vue';

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
    { path: '/register', name: 'register', component: () => import('./pages/RegisterEmployerPage.vue') },
    { path: '/access', name: 'access', component: () => import('./pages/AccessPage.vue') },
    { path: '/chaman', name: 'chaman', component: () => import('./pages/ChamanPage.vue') },
    { path: '/chaman/accounts/:clientId', name: 'account', component: () => import('./pages/AccountPage.vue') },
    { path: '/chaman/certificates', name: 'certificates', component: () => import('./pages/CertificatesPage.vue') },
    { path: '/account', name: 'your-account', component: () => import('./pages/YourAccountPage.vue') },
    { path: '/audit', name: 'audit', component: () => import('./pages/AuditPage.vue') },
    { path: '/operator', name: 'operator', component: () => import('./pages/OperatorPage.vue') },
    { path: '/playground', name: 'playground', component: () => import('./pages/PlaygroundPage.vue') },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
  ],
});
