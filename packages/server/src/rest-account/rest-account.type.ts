import type { Certificate } from '../certificate/certificate.type.js';
import type { Precomputed } from '../graphql/precomputed.js';
import type { Permission } from '../permission/permission.type.js';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { RestAccountEntity } from './rest-account.entity.js';

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

@ObjectType({ simpleResolvers: true, description: 'A REST web service account: an OAuth client of the company' })
export class RestAccount implements Precomputed<RestAccountDetails> {
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

  companyId: string;
  /** Its permissions, certificates and health, when the query that found it read them too (a page does). */
  precomputed?: RestAccountDetails;
}

/** The fields of a REST account that come from other tables. */
export interface RestAccountDetails {
  permissions: Permission[];
  certificates: Certificate[];
  health: AccountHealth;
}

/**
 * A RestAccount instance, not a plain object: type-graphql copies a plain root into a new instance
 * for every field resolver it runs (three per account in a page of fifty).
 */
export function toRestAccount(e: Pick<RestAccountEntity, 'id' | 'name' | 'clientId' | 'status' | 'createdAt' | 'companyId'>): RestAccount {
  const account = new RestAccount();
  account.id = e.id;
  account.name = e.name;
  account.type = WebServiceAccountType.REST;
  account.clientId = e.clientId;
  account.status = e.status as RestAccountStatus;
  account.createdAt = e.createdAt;
  account.companyId = e.companyId;
  return account;
}
