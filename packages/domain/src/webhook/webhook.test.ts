import { describe, expect, it } from 'vitest';
import { reminderStage, daysLeft } from '../certificate/reminders.js';
import { blockedAddressKind, checkWebhookEvents, checkWebhookUrl, WEBHOOK_EVENTS } from './webhook.js';

describe('where an endpoint may point', () => {
  it('refuses loopback, private, link-local, metadata and reserved addresses, v4 and v6, and v4 inside v6', () => {
    const blocked = ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '169.254.1.1', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
      '::1', '::', 'fe80::1', 'fc00::1', 'fd00:ec2::254', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::a00:1', '[::1]', 'not an address'];
    for (const a of blocked) expect(blockedAddressKind(a), a).not.toBeNull();
    expect(blockedAddressKind('169.254.169.254')).toBe('cloud metadata');
    expect(blockedAddressKind('::ffff:10.0.0.1')).toBe('private');
  });
  it('lets public addresses through', () => {
    for (const a of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '100.128.0.1']) expect(blockedAddressKind(a), a).toBeNull();
  });
});

describe('an endpoint URL', () => {
  it('must be https unless http is allowed, without credentials or fragment', () => {
    expect(checkWebhookUrl('https://hooks.example.com/x', { allowHttp: false }).ok).toBe(true);
    const http = checkWebhookUrl('http://hooks.example.com/x', { allowHttp: false });
    expect(http.ok ? null : http.error.code).toBe('webhook/url-scheme');
    expect(checkWebhookUrl('http://hooks.example.com/x', { allowHttp: true }).ok).toBe(true);
    for (const bad of ['ftp://a.example/', 'hooks.example.com', 'https://u:p@a.example/', 'https://a.example/#x', `https://a.example/${'x'.repeat(2001)}`]) {
      const r = checkWebhookUrl(bad, { allowHttp: true });
      expect(r.ok ? null : r.error.code, bad).toBe('webhook/url-format');
    }
  });
});

describe('event names', () => {
  it('are from the list, at least one, each once', () => {
    expect(checkWebhookEvents(['token.refusals', 'rest-account.created', 'token.refusals'])).toEqual({ ok: true, value: ['rest-account.created', 'token.refusals'] });
    const empty = checkWebhookEvents([]);
    expect(empty.ok ? null : empty.error.code).toBe('webhook/events-empty');
    const unknown = checkWebhookEvents(['rest-account.created', 'account.hacked']);
    expect(unknown.ok ? null : unknown.error).toMatchObject({ code: 'webhook/unknown-event', params: { events: 'account.hacked' } });
    expect(WEBHOOK_EVENTS).toContain('certificate.expiring');
  });
});

describe('reminder stages', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000);
  it('is the stage the time left falls in, 0 once ended, none beyond 60 days', () => {
    expect(reminderStage(inDays(61), now)).toBeNull();
    expect(reminderStage(inDays(60), now)).toBe(60);
    expect(reminderStage(inDays(45), now)).toBe(60);
    expect(reminderStage(inDays(30), now)).toBe(30);
    expect(reminderStage(inDays(20), now)).toBe(30);
    expect(reminderStage(inDays(14), now)).toBe(14);
    expect(reminderStage(inDays(5), now)).toBe(7);
    expect(reminderStage(inDays(0.5), now)).toBe(1);
    expect(reminderStage(inDays(0), now)).toBe(0);
    expect(reminderStage(inDays(-3), now)).toBe(0);
    expect(daysLeft(inDays(4.5), now)).toBe(5);
    expect(daysLeft(inDays(-1), now)).toBe(0);
  });
});
