import type { FastifyBaseLogger } from 'fastify';
import { createTransport } from 'nodemailer';
import type { MailConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { newId } from '../db/ids.js';
import { startPoller, type Poller } from '../shared/poller.js';
import { mailRepository, type ClaimedMail } from './mail.repository.js';

/** How often an idle sender looks for due mails (one indexed read). */
const POLL_MS = 1000;
/** Mails claimed at once by one sender. */
const BATCH = 10;
/**
 * How long a claim holds its mails. Far longer than one delivery may take (the SMTP timeouts below
 * add up to under a minute), so that a live sender never loses a mail it is sending to another;
 * a sender that died lets its mails go when it runs out.
 */
const LEASE_MS = 5 * 60_000;
/** Waits before each retry: the first within 30 s, then longer and longer, then hourly. */
const RETRY_DELAYS_MS = [10_000, 30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000, 60 * 60_000];
/** A mail still undelivered this long after it was written is marked FAILED (and kept, with its last error). */
const GIVE_UP_AFTER_MS = 7 * 86_400_000;

export function retryDelayMs(attempts: number): number {
  return RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length) - 1] ?? RETRY_DELAYS_MS[0]!;
}

/** Hands a mail over for delivery; throws when it was not accepted. */
export interface Transport {
  send(mail: ClaimedMail): Promise<void>;
  close(): void;
}

function smtpTransport(config: MailConfig & { smtpUrl: string }): Transport {
  // One connection per delivery (no pool): mails are few, and a pooled connection the server
  // dropped while idle would fail the next one for nothing.
  const transporter = createTransport({ url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }, { from: config.from });
  return {
    async send(mail) {
      await transporter.sendMail({ to: mail.recipient, subject: mail.subject, text: mail.textBody, html: mail.htmlBody });
    },
    close: () => transporter.close(),
  };
}

/** Without SMTP_URL (development, tests): each mail is written to the log, links included, and counts as sent. */
function logTransport(log: FastifyBaseLogger): Transport {
  return {
    async send(mail) {
      log.info({ mail: { id: mail.id, kind: mail.kind, to: mail.recipient } }, `mail (not sent: no SMTP_URL) to ${mail.recipient}: ${mail.subject}\n\n${mail.textBody}`);
    },
    close: () => {},
  };
}

export interface MailSender {
  /** Stops looking for mail and waits for the delivery in progress, if any, to be recorded. */
  stop(): Promise<void>;
}

/**
 * Delivers the outbox: every second, when mails are due, claims a batch (see
 * `mailRepository.claim`: each mail is claimed by one sender, whatever the number of instances or
 * processes), hands each to the SMTP server, then marks it sent, or due again later with the error.
 * Nothing is deleted.
 */
export function startMailSender(deps: { db: Db; config: MailConfig; log: FastifyBaseLogger; now?: () => Date }): MailSender {
  const { db, log } = deps;
  // The app's clock: mails are written with it (enqueue), so they fall due by it.
  const clock = () => (deps.now ? deps.now().getTime() : Date.now());
  const transport = deps.config.smtpUrl ? smtpTransport({ ...deps.config, smtpUrl: deps.config.smtpUrl }) : logTransport(log);

  async function deliver(mail: ClaimedMail, claim: string): Promise<void> {
    try {
      await transport.send(mail);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const now = clock();
      const giveUp = now - mail.createdAt.getTime() > GIVE_UP_AFTER_MS;
      const nextAttemptAt = now + retryDelayMs(mail.attempts);
      log[giveUp ? 'error' : 'warn']({ mail: { id: mail.id, kind: mail.kind, attempts: mail.attempts }, err: message }, giveUp ? 'mail given up after days of failures' : 'mail not delivered; will retry');
      await db.transact((tx) => mailRepository.markFailed(tx, mail.id, claim, { nextAttemptAt, error: message, giveUp }));
      return;
    }
    const recorded = await db.transact((tx) => mailRepository.markSent(tx, mail.id, claim, clock()));
    if (!recorded) log.warn({ mail: { id: mail.id } }, 'mail delivered after its claim ran out: another sender may deliver it again');
  }

  async function sendDue(poller: Poller): Promise<void> {
    while (!poller.stopped) {
      const now = clock();
      if (!(await mailRepository.anyDue(db, now))) return;
      const claim = newId();
      const batch = await db.transact((tx) => mailRepository.claim(tx, { now, leaseUntil: now + LEASE_MS, claim, limit: BATCH }));
      if (batch.length === 0) return;
      for (const [i, mail] of batch.entries()) {
        if (poller.stopped) {
          // Shutting down: the rest goes back to the outbox now rather than waiting for the lease to run out.
          const rest = batch.slice(i).map((m) => m.id);
          await db.transact((tx) => mailRepository.release(tx, claim, rest));
          return;
        }
        await deliver(mail, claim);
      }
    }
  }

  const poller = startPoller(POLL_MS, sendDue, log, 'mail sender: could not read or claim the outbox');

  return {
    async stop() {
      await poller.stop();
      transport.close();
    },
  };
}
