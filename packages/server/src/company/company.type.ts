import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf } from '../graphql/connection.js';
import type { CompanyEntity } from './company.entity.js';
import type { Registrant as RegistrantFacts } from './company.repository.js';

export enum RegistrationStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(RegistrationStatus, {
  name: 'RegistrationStatus',
  description: "Where a company's registration as an employer stands",
  valuesConfig: {
    PENDING: { description: 'Waiting for a platform operator: the company can be seen, nothing more' },
    APPROVED: { description: 'Approved by a platform operator, or automatically (EMPLOYER_APPROVAL=automatic): in use' },
    REJECTED: { description: 'Rejected by a platform operator (see rejectionReason); its enterprise number may be registered again' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'The person who registered a company, as platform operators see them' })
export class Registrant {
  @Field(() => String, { description: 'Email address' })
  email: string;

  @Field(() => String, { description: 'First name' })
  firstName: string;

  @Field(() => String, { description: 'Last name' })
  lastName: string;
}

@ObjectType({ simpleResolvers: true, description: 'A company registered as an NSSO employer' })
export class Company {
  @Field(() => ID, { description: 'Stable identifier' })
  id: string;

  @Field(() => String, { description: 'Enterprise number (KBO/BCE), 10 digits without dots, e.g. 0203201340' })
  enterpriseNumber: string;

  @Field(() => String, { description: 'Company name' })
  name: string;

  @Field(() => String, { description: 'NSSO employer registration number: 7-digit sequence and 2 check digits' })
  nssoNumber: string;

  @Field(() => Date, { description: 'When it was registered in Chaman' })
  createdAt: Date;

  @Field(() => RegistrationStatus, {
    description: 'Where its registration stands: only an APPROVED company can be used (roles, certificates, REST accounts)',
  })
  registrationStatus: RegistrationStatus;

  /** Who registered it (for registeredBy, which only operators see). */
  createdBy: string;
  /** The operator's reason, for rejectionReason (which only the company's people and operators see). */
  rejection: string | null;
  /** The registrant when read with the company (the operators' queue). */
  registrant?: RegistrantFacts;
}

export function toCompany(e: CompanyEntity, registrant?: RegistrantFacts): Company {
  return {
    id: e.id,
    enterpriseNumber: e.enterpriseNumber,
    name: e.name,
    nssoNumber: e.nssoNumber,
    createdAt: e.createdAt,
    registrationStatus: e.registrationStatus as RegistrationStatus,
    createdBy: e.createdBy,
    rejection: e.rejectionReason,
    ...(registrant ? { registrant } : {}),
  };
}

export const CompanyConnection = connectionOf(Company, 'Company', 'company', 'companies');
