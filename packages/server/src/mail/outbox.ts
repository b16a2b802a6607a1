import type { Language } from '@chaman/domain';
import type { Tx } from '../db/database.js';
import { newId } from '../db/ids.js';
import { mailRepository } from './mail.repository.js';
import { renderMail, type MailKind, type MailParams } from './templates.js';

/** A mail to send: its kind (a template), its recipient, their language and the values it is worded from. */
export interface Mail<K extends MailKind> {
  kind: K;
  to: string;
  language: Language;
  params: MailParams<K>;
}

/**
 * Puts a mail in the outbox inside the caller's transaction: it exists if and only if the change
 * that causes it commits, and the sender delivers it afterwards, so an SMTP server that is down
 * never fails the change. Rendered now, so that it says what was true when it was caused.
 */
export async function enqueue<K extends MailKind>(tx: Tx, mail: Mail<K>, now: Date): Promise<void> {
  const rendered = renderMail(mail.kind, mail.language, mail.params);
  await mailRepository.insert(tx, {
    id: newId(),
    kind: mail.kind,
    recipient: mail.to,
    language: mail.language,
    subject: rendered.subject.slice(0, 300),
    textBody: rendered.text,
    htmlBody: rendered.html,
    status: 'PENDING',
    createdAt: now,
    nextAttemptAt: now,
    attempts: 0,
    leaseUntil: null,
    claim: null,
    sentAt: null,
    lastError: null,
  });
}
