import { accountHealth, MAX_CERTIFICATES_PER_ACCOUNT } from '@chaman/domain';
import { Certificate, toCertificate } from '../certificate/certificate.type.js';
import { Extensions, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { RestAccountView } from './rest-account.repository.js';

export enum WebServiceAccountType {
  REST = 'REST',
}
registerEnumType(WebServiceAccountType, { name: 'WebServiceAccountType', description: 'Kind of web service account' });

export enum RestAccountStatus {
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
}
registerEnumType(RestAccountStatus, {
  name: 'RestAccountStatus',
  description: 'Whether the account may obtain tokens',
  valuesConfig: { ACTIVE: { description: 'May obtain tokens' }, DISABLED: { description: 'Refused at the token endpoint until enabled' } },
});

export enum AccountHealth {
  OK = 'OK',
  EXPIRING = 'EXPIRING',
  EXPIRED = 'EXPIRED',
  DISABLED = 'DISABLED',
}
registerEnumType(AccountHealth, {
  name: 'AccountHealth',
  description: 'Whether the account can obtain tokens now, and for how long',
  valuesConfig: {
    OK: { description: 'Active, with a certificate valid for more than 30 days' },
    EXPIRING: { description: 'Active, but its newest valid certificate ends within 30 days: add a new one' },
    EXPIRED: { description: 'Active, but no certificate is valid now: it cannot obtain tokens' },
    DISABLED: { description: 'Disabled' },
  },
});

@ObjectType({
  simpleResolvers: true,
  description:
    "Why a REST account needs an access manager's review: someone who created it or added a certificate to it no longer has access (a revoked role, an ended mandate) and may still hold a private key that obtains its tokens. The account keeps working; rotating its certificate (adding a new one or removing one) or confirmRestAccountReview clears it",
})
export class AccountReview {
  @Field(() => String, { description: 'What happened, e.g. "created by someone who no longer has access: ann@example.be (role revoked)"' })
  reason: string;

  @Field(() => Date, { description: 'When the account was flagged' })
  since: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A REST web service account: an OAuth client of the company' })
export class RestAccount {
  @Field(() => ID, { description: 'Stable identifier' })
  id: string;

  @Field(() => String, { description: 'Its name, unique in the company' })
  name: string;

  @Field(() => WebServiceAccountType, { description: 'Always REST' })
  type: WebServiceAccountType;

  @Field(() => String, { description: 'The OAuth client ID: self_service_expeditor_<n>, never reused' })
  clientId: string;

  @Field(() => RestAccountStatus, { description: 'ACTIVE or DISABLED' })
  status: RestAccountStatus;

  @Field(() => Date, { description: 'When it was created' })
  createdAt: Date;

  @Field(() => AccountReview, { nullable: true, description: "Set when someone who created the account or added a certificate to it no longer has access: an access manager should rotate its certificate or confirm; null otherwise" })
  review: AccountReview | null;

  @Field(() => [Certificate], { description: `Its certificates, latest-ending first (at most ${MAX_CERTIFICATES_PER_ACCOUNT})` })
  @Extensions({ maxItems: MAX_CERTIFICATES_PER_ACCOUNT })
  certificates: Certificate[];

  @Field(() => AccountHealth, { description: 'OK, EXPIRING (newest valid certificate ends within 30 days), EXPIRED or DISABLED' })
  health: AccountHealth;

  companyId: string;
  /** Its permissions' codes (the permissions field words them in the language asked for). */
  permissionCodes: string[];
}

@ObjectType({ simpleResolvers: true, description: 'One certificate of a REST account, and when the account last obtained a token with it' })
export class AccountCertificateUse {
  @Field(() => Certificate, { description: 'The certificate' })
  certificate: Certificate;

  @Field(() => Date, {
    nullable: true,
    description: 'When the account last obtained a token with this certificate; null when it has not in the last 30 days (token requests are kept 30 days)',
  })
  lastUsedAt: Date | null;
}

/** Each distinct list of certificates becomes GraphQL objects once: the accounts of a page mostly share one. */
const certificateObjects = new WeakMap<object, { at: Date; objects: Certificate[]; health: AccountHealth }>();

/**
 * A RestAccount instance, not a plain object: type-graphql copies a plain root into a new instance
 * for every field resolver it runs.
 */
export function toRestAccount(view: RestAccountView, now = new Date()): RestAccount {
  let shared = certificateObjects.get(view.certificates);
  if (!shared || shared.at !== now) {
    shared = { at: now, objects: view.certificates.map((c) => toCertificate(c, now)), health: accountHealth('ACTIVE', view.certificates, now) as AccountHealth };
    certificateObjects.set(view.certificates, shared);
  }
  const account = new RestAccount();
  account.id = view.id;
  account.name = view.name;
  account.type = WebServiceAccountType.REST;
  account.clientId = view.clientId;
  account.status = view.status as RestAccountStatus;
  account.createdAt = view.createdAt;
  account.companyId = view.companyId;
  account.permissionCodes = view.permissionCodes;
  account.certificates = shared.objects;
  account.health = view.status === 'DISABLED' ? AccountHealth.DISABLED : shared.health;
  account.review = view.review ? Object.assign(new AccountReview(), view.review) : null;
  return account;
}
