import { Languages } from '@chaman/domain';
import { describe, expect, it } from 'vitest';
import { renderMail, type InvitationParams } from './templates.js';

const roles = ['CHIEF_ACCESS_MANAGER', 'ACCESS_MANAGER', 'CHAMAN'] as const;

describe('the invitation', () => {
  it('is worded in every language, for every role, with and without an account, the link in both parts', () => {
    const subjects = new Set<string>();
    for (const language of Languages) {
      for (const role of roles) {
        for (const hasAccount of [true, false]) {
          const params: InvitationParams = { inviter: 'Els Peeters', company: 'Acme', role, email: 'a@b.example', hasAccount, url: 'https://chaman.example/sign-up' };
          const mail = renderMail('invitation', language, params);
          subjects.add(mail.subject);
          for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/undefined|null|\[object/);
          expect(mail.text).toContain('Els Peeters');
          expect(mail.text).toContain('https://chaman.example/sign-up');
          expect(mail.html).toContain('href="https://chaman.example/sign-up"');
          expect(mail.html).toContain(`lang="${language}"`);
        }
      }
    }
    expect(subjects.size).toBe(Languages.length);
  });

  it('escapes every value in the HTML part and keeps the subject on one line', () => {
    const mail = renderMail('invitation', 'en', {
      inviter: '<script>alert(1)</script>',
      company: 'A & B "Co"\r\nBcc: x@evil.example',
      role: 'ACCESS_MANAGER',
      email: 'a@b.example',
      hasAccount: false,
      url: 'https://chaman.example/sign-up?a=1&b="2"',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('A &amp; B &quot;Co&quot;');
    expect(mail.html).toContain('href="https://chaman.example/sign-up?a=1&amp;b=&quot;2&quot;"');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});

describe('the links that prove an email and reset a password', () => {
  it('are worded in every language, greeting the person, with the link in both parts', () => {
    for (const kind of ['verification', 'passwordReset'] as const) {
      const subjects = new Set<string>();
      for (const language of Languages) {
        const url = 'https://chaman.example/verify-email?token=chv_abc';
        const mail = renderMail(kind, language, { firstName: 'Els', email: 'els@b.example', url });
        subjects.add(mail.subject);
        for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/undefined|null|\[object/);
        expect(mail.text).toContain('Els');
        expect(mail.text).toContain('els@b.example');
        expect(mail.text).toContain(url);
        expect(mail.html).toContain(`href="${url}"`);
      }
      expect(subjects.size).toBe(Languages.length);
    }
  });
});

describe('the expiry reminder, the shared address proof and the disabled endpoint', () => {
  it('are worded in every language, with every account, its client ID and its link, and nothing undefined', () => {
    const accounts = [
      { name: 'Payroll', clientId: 'self_service_expeditor_7', url: 'https://chaman.example/chaman/accounts/self_service_expeditor_7' },
      { name: 'Dimona', clientId: 'self_service_expeditor_9', url: 'https://chaman.example/chaman/accounts/self_service_expeditor_9' },
    ];
    for (const language of Languages) {
      const subjects = new Set<string>();
      for (const daysLeft of [30, 1, 0]) {
        for (const firstName of ['Els', null]) {
          const mail = renderMail('certificateExpiry', language, { firstName, company: 'Acme', certificate: 'payroll 2026', notAfter: '2026-12-31', daysLeft, accounts, certificatesUrl: 'https://chaman.example/chaman/certificates' });
          subjects.add(mail.subject);
          for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/undefined|null|\[object/);
          for (const a of accounts) {
            expect(mail.text).toContain(`${a.name} (${a.clientId}): ${a.url}`);
            expect(mail.html).toContain(a.url);
          }
          expect(mail.text).toContain('2026-12-31');
          if (firstName) expect(mail.text).toContain('Els');
        }
      }
      // Days left, one day left and expired are three different sentences.
      expect(subjects.size).toBe(3);
      const proof = renderMail('notificationEmailProof', language, { company: 'Acme', email: 'it@acme.example', setBy: 'Els Peeters', url: 'https://chaman.example/verify-email?token=chn_x' });
      expect(proof.text).toContain('https://chaman.example/verify-email?token=chn_x');
      expect(proof.text).toContain('Els Peeters');
      const disabled = renderMail('webhookDisabled', language, { firstName: 'Els', company: 'Acme', url: 'https://hooks.acme.example/x', failingSince: '2026-12-01 10:00', pageUrl: 'https://chaman.example/chaman/webhooks' });
      expect(disabled.text).toContain('https://hooks.acme.example/x');
      for (const part of [proof.text, disabled.text]) expect(part).not.toMatch(/undefined|null|\[object/);
    }
  });
});
