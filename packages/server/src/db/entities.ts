import { CredentialEntity } from '../access/credential.entity.js';
import { EmailTokenEntity } from '../access/email-token.entity.js';
import { IdentityLinkEntity } from '../access/identity-link.entity.js';
import { MandateEntity } from '../access/mandate.entity.js';
import { PersonEntity } from '../access/person.entity.js';
import { RoleAssignmentEntity } from '../access/role-assignment.entity.js';
import { CertificateEntity } from '../certificate/certificate.entity.js';
import { RestAccountCertificateEntity, RestAccountEntity, RestAccountPermissionEntity } from '../rest-account/rest-account.entity.js';
import { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import { CompanyEntity } from '../company/company.entity.js';
import { MailEntity } from '../mail/mail.entity.js';
import { CertificateReminderEntity, CompanyNotificationEmailEntity, ReminderOptOutEntity } from '../reminder/reminder.entity.js';
import { TokenRefusalBurstEntity, TokenRefusalCountEntity, WebhookDeliveryEntity, WebhookEntity } from '../webhook/webhook.entity.js';

/** Every TypeORM entity of the server, in one list that the data source loads. */
export const entities: Function[] = [
  PersonEntity,
  IdentityLinkEntity,
  CredentialEntity,
  EmailTokenEntity,
  CompanyEntity,
  RoleAssignmentEntity,
  MandateEntity,
  AuditEntryEntity,
  CertificateEntity,
  RestAccountEntity,
  RestAccountPermissionEntity,
  RestAccountCertificateEntity,
  MailEntity,
  CertificateReminderEntity,
  ReminderOptOutEntity,
  CompanyNotificationEmailEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  TokenRefusalBurstEntity,
  TokenRefusalCountEntity,
];
