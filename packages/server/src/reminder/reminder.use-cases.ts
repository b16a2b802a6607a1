import { daysLeft, normalizeEmail, reminderStage, type Language } from '@chaman/domain';
import { accessRepository } from '../access/access.repository.js';
import { authorize, requireViewer } from '../access/authorization.js';
import { issueToken } from '../access/email-proofs.js';
import { invalidToken } from '../access/email-proof.use-cases.js';
import { emailTokenRepository } from '../access/email-token.repository.js';
import { hashSecret } from '../access/secrets.js';
import type { Db } from '../db/database.js';
import { newId } from '../db/ids.js';
import { enqueue } from '../mail/outbox.js';
import { audit } from '../shared/audit.js';
import type { Log } from '../shared/poller.js';
import { decide, must, type Deps, type Outcome } from '../shared/use-case.js';
import { emitEvent } from '../webhook/events.js';
import { reminderRepository, type CertificateInUse, type NotificationEmailRow } from './reminder.repository.js';

const DAY_MS = 86_400_000;

/** What the scan runs with: no request, no caller. */
export interface ScanDeps {
  db: Db;
  publicUrl: string;
  now: () => Date;
  log: Log;
}

/**
 * Sends the reminder of one certificate's stage, once: the stage is claimed in the transaction that
 * writes the mails and the webhook events (`reminderRepository.claimStage`), so whichever instance
 * claims it sends it and every other finds it taken. Nothing is claimed for a certificate no
 * active account uses any more.
 */
async function remind(deps: ScanDeps, c: CertificateInUse, stage: number, now: Date): Promise<boolean> {
  return deps.db.transact(async (tx) => {
    const accounts = await reminderRepository.activeAccountsUsing(tx, c.id);
    if (accounts.length === 0) return false;
    if (!(await reminderRepository.claimStage(tx, c.id, stage, now.getTime()))) return false;
    const left = daysLeft(c.notAfter, now);
    const recipients = await reminderRepository.reminderRecipients(tx, c.companyId);
    const shared = await reminderRepository.provenNotificationEmail(tx, c.companyId);
    if (shared && !recipients.some((r) => r.email === shared.email)) recipients.push(shared);
    const params = {
      company: c.companyName,
      certificate: c.name,
      notAfter: c.notAfter.toISOString().slice(0, 10),
      daysLeft: left,
      accounts: accounts.map((a) => ({ name: a.name, clientId: a.clientId, url: `${deps.publicUrl}/chaman/accounts/${encodeURIComponent(a.clientId)}` })),
      certificatesUrl: `${deps.publicUrl}/chaman/certificates`,
    };
    for (const r of recipients) await enqueue(tx, { kind: 'certificateExpiry', to: r.email, language: r.language, params: { ...params, firstName: r.firstName } }, now);
    await emitEvent(tx, now, c.companyId, stage === 0 ? 'certificate.expired' : 'certificate.expiring', {
      certificateId: c.id,
      certificateName: c.name,
      notAfter: c.notAfter.toISOString(),
      daysLeft: left,
      stage,
      accounts: accounts.map((a) => ({ clientId: a.clientId, name: a.name })),
    });
    return true;
  });
}

/**
 * One pass over the certificates in use that end within 60 days (or have ended): each gets the
 * reminder of the stage it is in now, unless that stage was sent. Earlier stages it skipped (it
 * started being used inside a later one, or the servers were down) are not sent. Answers how many
 * reminders this pass sent.
 */
export async function scanExpiries(deps: ScanDeps): Promise<number> {
  const now = deps.now();
  const candidates = await reminderRepository.certificatesInUse(deps.db, now.getTime() + 61 * DAY_MS);
  const sent = await reminderRepository.sentStages(deps.db, candidates.map((c) => c.id));
  let count = 0;
  for (const c of candidates) {
    const stage = reminderStage(c.notAfter, now);
    if (stage === null || sent.has(`${c.id}:${stage}`)) continue;
    if (await remind(deps, c, stage, now)) count++;
  }
  return count;
}

export interface ExpiryScanner {
  /** Runs a pass now (after the one in progress), for tests and operators' scripts. */
  scanNow(): Promise<number>;
  stop(): Promise<void>;
}

/** Scans at start, then every `minutes`. */
export function startExpiryScanner(deps: ScanDeps, minutes: number): ExpiryScanner {
  let running: Promise<number> = Promise.resolve(0);
  let stopped = false;
  const run = () => {
    running = running
      .catch(() => 0)
      .then(() => (stopped ? 0 : scanExpiries(deps)))
      .catch((error: unknown) => {
        deps.log.error({ err: error instanceof Error ? error.message : String(error) }, 'expiry scan failed; the next one will try again');
        return 0;
      });
    return running;
  };
  void run();
  const timer = setInterval(() => void run(), minutes * 60_000);
  timer.unref();
  return {
    scanNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running.catch(() => 0);
    },
  };
}

/** The signed-in person turns their expiry reminders on or off. */
export function setExpiryReminders(deps: Deps, enabled: boolean) {
  return decide(async () => {
    const viewer = requireViewer(deps);
    await deps.db.transact((tx) => reminderRepository.setReminders(tx, viewer.person.id, enabled, deps.now().getTime()));
    return viewer.person;
  });
}

/**
 * A company's access managers set (or, with null, remove) the one shared address that also
 * receives its reminders. It receives them only once proven: a link is mailed to it (the email
 * proof's machinery: single use, 24 hours, kept as its hash), and verifyNotificationEmail proves it.
 */
export function setCompanyNotificationEmail(deps: Deps, input: { companyId: string; email: string | null }): Promise<Outcome<{ companyId: string }>> {
  return decide(async () => {
    const { viewer, company } = await authorize(deps, 'manage-notifications', input.companyId);
    const email = input.email === null || input.email.trim() === '' ? null : must(normalizeEmail(input.email));
    await deps.db.transact(async (tx) => {
      const current = await reminderRepository.notificationEmail(tx, input.companyId);
      if (email === null) {
        if (!current) return;
        await reminderRepository.clearNotificationEmail(tx, input.companyId);
        await audit(tx, deps, { companyId: input.companyId, action: 'company.notification-email-set', targetType: 'company', targetId: input.companyId, details: { before: current.email, after: null } });
        return;
      }
      if (current?.email === email) return;
      const tokenId = newId();
      const secret = await issueToken(tx, deps, { id: viewer.person.id, email }, 'NOTIFY_EMAIL', tokenId);
      await reminderRepository.setNotificationEmail(tx, input.companyId, { email, language: viewer.person.language as Language, proofTokenId: tokenId, setBy: viewer.person.id, at: deps.now().getTime() });
      const url = `${deps.config.publicUrl}/verify-email?token=${encodeURIComponent(secret)}`;
      await enqueue(
        tx,
        {
          kind: 'notificationEmailProof',
          to: email,
          language: viewer.person.language as Language,
          params: { company: company.entity.name, email, setBy: `${viewer.person.firstName} ${viewer.person.lastName}`, url },
        },
        deps.now(),
      );
      await audit(tx, deps, { companyId: input.companyId, action: 'company.notification-email-set', targetType: 'company', targetId: input.companyId, details: { before: current?.email ?? null, after: email } });
    });
    return { companyId: input.companyId };
  });
}

/**
 * Proves a company's shared notification address by the link mailed to it (signed in or not,
 * once, within 24 hours). A link to an address that was replaced since proves nothing.
 */
export function verifyNotificationEmail(deps: Deps, token: string): Promise<Outcome<boolean>> {
  return decide(async () => {
    const secretHash = hashSecret(token.slice(0, 200));
    await deps.db.transact(async (tx) => {
      const found = await emailTokenRepository.lockBySecret(tx, 'NOTIFY_EMAIL', secretHash);
      const now = deps.now();
      if (!found) invalidToken('NOTIFY_EMAIL', 'unknown');
      if (found.usedAt) invalidToken('NOTIFY_EMAIL', 'used');
      if (found.expiresAt.getTime() <= now.getTime()) invalidToken('NOTIFY_EMAIL', 'expired');
      const companyId = await reminderRepository.proveNotificationEmail(tx, found.id, found.email, now.getTime());
      if (!companyId) invalidToken('NOTIFY_EMAIL', 'unknown');
      await emailTokenRepository.use(tx, found.id, now);
      const setter = await accessRepository.personById(tx, found.personId);
      await audit(tx, { ...deps, viewer: null }, {
        companyId,
        action: 'company.notification-email-proven',
        targetType: 'company',
        targetId: companyId,
        details: { email: found.email, setBy: setter?.email ?? null },
      });
    });
    return true;
  });
}

/** The company's shared address as its access managers see it; null for anyone else. */
export async function notificationEmailOf(deps: Deps, companyId: string): Promise<NotificationEmailRow | null> {
  const outcome = await decide(() => authorize(deps, 'manage-notifications', companyId));
  if (!outcome.ok) return null;
  return reminderRepository.notificationEmail(deps.db, companyId);
}

