import { AUDIT_ACTIONS, formatEnterpriseNumber, type AuditAction } from '@chaman/domain';
import { useI18n } from 'vue-i18n';
import { useFormat } from './useFormat';

/** What the page knows of an entry (the AuditEntry type of the API). */
export interface AuditEntryLike {
  action: string;
  actorEmail?: string | null;
  targetId: string;
  details: string;
}

const camel = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** `rest-account.certificate-removed` under `prefix`: `auditEntry.restAccount.certificateRemoved`. */
export function auditKey(prefix: 'auditAction' | 'auditEntry', action: string): string {
  return `${prefix}.${action.split('.').map(camel).join('.')}`;
}

type Details = Record<string, unknown>;

/** Actions worded differently by a detail (the locale test checks every variant is there). */
export const AUDIT_VARIANTS: Partial<Record<AuditAction | 'company.notification-email-set', { values: readonly string[]; of: (d: Details) => string }>> = {
  'role.appointed': { values: ['active', 'pending'], of: (d) => (d.status === 'PENDING' ? 'pending' : 'active') },
  // Declared by the webhooks' branch: worded here ahead of its merge.
  'company.notification-email-set': { values: ['set', 'removed'], of: (d) => (d.after ? 'set' : 'removed') },
};

export function isAuditAction(action: string): action is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(action);
}

function parse(details: string): Details {
  try {
    const value: unknown = JSON.parse(details);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Details) : {};
  } catch {
    return {};
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Audit entries and their actions in the reader's language: "Amy Manager removed certificate
 * “payroll 2026” from Payroll (self_service_expeditor_1)". The names come from the entry's details
 * as they were at the time; entries written before the server kept them fall back to ids.
 */
export function useAuditEntry() {
  const { t, te } = useI18n();
  const format = useFormat();

  /** The action's name ("Certificate removed from an account"), or its code when unknown. */
  function actionName(action: string): string {
    const key = auditKey('auditAction', action);
    return te(key) ? t(key) : action;
  }

  function params(entry: AuditEntryLike, d: Details): Record<string, string> {
    const clientId = text(d.clientId);
    const accountName = text(d.account) ?? (entry.action === 'rest-account.created' || entry.action === 'rest-account.deleted' ? text(d.name) : null);
    const number = text(d.enterpriseNumber);
    const companyName = text(d.name);
    const email = text(d.email);
    const personName = text(d.personName);
    const certificate =
      entry.action.startsWith('certificate.')
        ? text(d.name)
        : (text(d.certificateName) ?? (entry.action === 'rest-account.certificate-added' ? text(d.name) : null) ?? text(d.certificateId) ?? text(d.certificate));
    return {
      actor: text(d.actorName) ?? entry.actorEmail ?? t('auditEntry.someone'),
      company: companyName && number ? `${companyName} (${formatEnterpriseNumber(number)})` : (companyName ?? (number ? formatEnterpriseNumber(number) : t('auditEntry.aCompany'))),
      reason: text(d.reason) ?? '',
      role: text(d.role) && te(`roles.${String(d.role)}`) ? t(`roles.${String(d.role)}`) : (text(d.role) ?? ''),
      person: personName && email ? `${personName} (${email})` : (personName ?? email ?? t('auditEntry.someone')),
      mandator: text(d.mandatorName) ?? t('auditEntry.aCompany'),
      provider: text(d.providerName) ?? t('auditEntry.aCompany'),
      certificate: certificate ?? entry.targetId,
      account: accountName && clientId ? `${accountName} (${clientId})` : (accountName ?? clientId ?? entry.targetId),
      before: text(d.before) ?? '',
      after: entry.action === 'rest-account.renamed' && clientId ? `${text(d.after) ?? ''} (${clientId})` : (text(d.after) ?? ''),
      email: email ?? '',
      // A webhook's address: its own, or the new one when it was changed.
      url: text(d.url) ?? (d.after && typeof d.after === 'object' ? text((d.after as Details).url) : null) ?? entry.targetId,
      eventType: text(d.eventType) ?? '',
      failingSince: text(d.failingSince) ? format.dateTime(String(d.failingSince)) : '',
    };
  }

  /** The entry as a sentence; its action's code when the UI does not know the action. */
  function sentence(entry: AuditEntryLike): string {
    if (!isAuditAction(entry.action)) return entry.action;
    const d = parse(entry.details);
    const variant = AUDIT_VARIANTS[entry.action as keyof typeof AUDIT_VARIANTS];
    const key = variant ? `${auditKey('auditEntry', entry.action)}.${variant.of(d)}` : auditKey('auditEntry', entry.action);
    return t(key, params(entry, d));
  }

  /** The details as indented JSON, for the toggle that shows what was recorded. */
  function rawDetails(entry: AuditEntryLike): string {
    const d = parse(entry.details);
    return Object.keys(d).length ? JSON.stringify(d, null, 2) : entry.details;
  }

  return { actionName, sentence, rawDetails };
}
