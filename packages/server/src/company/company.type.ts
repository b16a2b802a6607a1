import { Field, ID, ObjectType } from 'type-graphql';
import type { CompanyEntity } from './company.entity.js';

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
}

export function toCompany(e: CompanyEntity): Company {
  return { id: e.id, enterpriseNumber: e.enterpriseNumber, name: e.name, nssoNumber: e.nssoNumber, createdAt: e.createdAt };
}
