import { formatEnterpriseNumber, nssoNumber, parseEnterpriseNumber, validateCompanyName } from '@chaman/domain';
import { RoleAssignmentEntity } from '../access/role-assignment.entity.js';
import { audit } from '../audit/audit.js';
import { nextNumber } from '../db/counters.js';
import { isUniqueViolation } from '../db/errors.js';
import { newId } from '../db/ids.js';
import { requireViewer } from '../graphql/authorize.js';
import type { Context } from '../graphql/context.js';
import { clientError, ErrorCode, unwrap } from '../graphql/errors.js';
import { CompanyEntity } from './company.entity.js';

function alreadyRegistered(enterpriseNumber: string): never {
  throw clientError(
    ErrorCode.conflict,
    `The enterprise number ${formatEnterpriseNumber(enterpriseNumber)} is already registered; its legal representative or Chief Access Manager can give you a role`,
  );
}

/** Registers an employer; the caller becomes its legal representative. */
export async function registerEmployer(ctx: Context, input: { enterpriseNumber: string; name: string }): Promise<CompanyEntity> {
  const viewer = requireViewer(ctx);
  const enterpriseNumber = unwrap(parseEnterpriseNumber(input.enterpriseNumber));
  const name = unwrap(validateCompanyName(input.name));
  try {
    const company = await ctx.transact(async (em) => {
      if (await em.existsBy(CompanyEntity, { enterpriseNumber })) alreadyRegistered(enterpriseNumber);
      const company: CompanyEntity = {
        id: newId(),
        enterpriseNumber,
        name,
        nssoNumber: nssoNumber(await nextNumber(em, 'nsso_number')),
        createdAt: new Date(),
        createdBy: viewer.person.id,
      };
      await em.insert(CompanyEntity, company);
      const assignment: RoleAssignmentEntity = {
        id: newId(),
        companyId: company.id,
        role: 'LEGAL_REPRESENTATIVE',
        email: viewer.person.email,
        personId: viewer.person.id,
        status: 'ACTIVE',
        createdAt: new Date(),
        createdBy: viewer.person.id,
        revokedAt: null,
        revokedBy: null,
      };
      await em.insert(RoleAssignmentEntity, assignment);
      await audit(em, ctx, {
        companyId: company.id,
        action: 'company.registered',
        targetType: 'company',
        targetId: company.id,
        details: { enterpriseNumber, name, nssoNumber: company.nssoNumber, legalRepresentative: viewer.person.email },
      });
      return company;
    });
    ctx.access.reset();
    return company;
  } catch (error) {
    if (isUniqueViolation(error)) alreadyRegistered(enterpriseNumber);
    throw error;
  }
}
