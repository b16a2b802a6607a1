import { CompanyErrors, formatEnterpriseNumber, nssoNumber, parseEnterpriseNumber, refusal, validateCompanyName, type Refusal } from '@chaman/domain';
import { accessRepository } from '../access/access.repository.js';
import { requireViewer } from '../access/authorization.js';
import { nextNumber } from '../db/counters.js';
import { isUniqueViolation } from '../db/errors.js';
import { newId } from '../db/ids.js';
import { audit } from '../shared/audit.js';
import { decide, must, refuse, type Deps, type Outcome } from '../shared/use-case.js';
import type { CompanyEntity } from './company.entity.js';
import { companyRepository } from './company.repository.js';

function alreadyRegistered(enterpriseNumber: string): Refusal {
  const formatted = formatEnterpriseNumber(enterpriseNumber);
  return refusal(
    CompanyErrors.alreadyRegistered,
    `The enterprise number ${formatted} is already registered; its legal representative or Chief Access Manager can give you a role`,
    { enterpriseNumber: formatted },
  );
}

/** Registers an employer; the caller becomes its legal representative. */
export function registerEmployer(deps: Deps, input: { enterpriseNumber: string; name: string }): Promise<Outcome<CompanyEntity>> {
  return decide(async () => {
    const viewer = requireViewer(deps);
    const enterpriseNumber = must(parseEnterpriseNumber(input.enterpriseNumber));
    const name = must(validateCompanyName(input.name));
    try {
      const company = await deps.db.transact(async (tx) => {
        if (await companyRepository.byEnterpriseNumber(tx, enterpriseNumber)) refuse(alreadyRegistered(enterpriseNumber));
        const now = deps.now();
        const company: CompanyEntity = {
          id: newId(),
          enterpriseNumber,
          name,
          nssoNumber: nssoNumber(await nextNumber(tx, 'nsso_number')),
          createdAt: now,
          createdBy: viewer.person.id,
        };
        await companyRepository.insert(tx, company);
        await accessRepository.insertRole(tx, {
          id: newId(),
          companyId: company.id,
          role: 'LEGAL_REPRESENTATIVE',
          email: viewer.person.email,
          personId: viewer.person.id,
          status: 'ACTIVE',
          createdAt: now,
          createdBy: viewer.person.id,
          revokedAt: null,
          revokedBy: null,
        });
        await audit(tx, deps, {
          companyId: company.id,
          action: 'company.registered',
          targetType: 'company',
          targetId: company.id,
          details: { enterpriseNumber, name, nssoNumber: company.nssoNumber, legalRepresentative: viewer.person.email },
        });
        return company;
      });
      deps.access.reset();
      return company;
    } catch (error) {
      if (isUniqueViolation(error)) refuse(alreadyRegistered(enterpriseNumber));
      throw error;
    }
  });
}
