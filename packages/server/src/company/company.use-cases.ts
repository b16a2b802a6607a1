import {
  CompanyErrors,
  formatEnterpriseNumber,
  notFound,
  nssoNumber,
  parseEnterpriseNumber,
  refusal,
  validateCompanyName,
  validateRejectionReason,
  type Refusal,
} from '@chaman/domain';
import { accessRepository } from '../access/access.repository.js';
import { requireOperator, requireViewer } from '../access/authorization.js';
import type { Tx } from '../db/database.js';
import { nextNumber } from '../db/counters.js';
import { isUniqueViolation } from '../db/errors.js';
import { isId, newId } from '../db/ids.js';
import { enqueue } from '../mail/outbox.js';
import { audit } from '../shared/audit.js';
import { decide, must, refuse, type Deps, type Outcome } from '../shared/use-case.js';
import type { CompanyEntity } from './company.entity.js';
import { companyRepository, type Registrant } from './company.repository.js';

function alreadyRegistered(enterpriseNumber: string): Refusal {
  const formatted = formatEnterpriseNumber(enterpriseNumber);
  return refusal(
    CompanyErrors.alreadyRegistered,
    `The enterprise number ${formatted} is already registered; its legal representative or Chief Access Manager can give you a role`,
    { enterpriseNumber: formatted },
  );
}

/**
 * The number is registered by someone else and waits for an operator. CONFLICT, where acting on
 * such a company is FORBIDDEN with the same reason: the reason is the same fact, the public code
 * what kind of no it is here.
 */
function awaitingApproval(enterpriseNumber: string): Refusal {
  const formatted = formatEnterpriseNumber(enterpriseNumber);
  return refusal(
    CompanyErrors.awaitingApproval,
    `The enterprise number ${formatted} is already registered and awaiting approval by a platform operator; if that registration is not yours, tell the operators`,
    { enterpriseNumber: formatted },
    { publicCode: 'CONFLICT' },
  );
}

/**
 * Registers an employer; the caller becomes its legal representative. With EMPLOYER_APPROVAL=operator
 * the company is PENDING (seen by the registrant, nothing more) until a platform operator decides;
 * a number whose registrations were all REJECTED may be registered again.
 */
export function registerEmployer(deps: Deps, input: { enterpriseNumber: string; name: string }): Promise<Outcome<CompanyEntity>> {
  return decide(async () => {
    const viewer = requireViewer(deps);
    const enterpriseNumber = must(parseEnterpriseNumber(input.enterpriseNumber));
    const name = must(validateCompanyName(input.name));
    try {
      const company = await deps.db.transact(async (tx) => {
        const existing = await companyRepository.byEnterpriseNumber(tx, enterpriseNumber);
        if (existing) refuse(existing.registrationStatus === 'PENDING' ? awaitingApproval(enterpriseNumber) : alreadyRegistered(enterpriseNumber));
        const now = deps.now();
        const company: CompanyEntity = {
          id: newId(),
          enterpriseNumber,
          name,
          nssoNumber: nssoNumber(await nextNumber(tx, 'nsso_number')),
          createdAt: now,
          createdBy: viewer.person.id,
          registrationStatus: deps.config.employerApproval === 'operator' ? 'PENDING' : 'APPROVED',
          rejectionReason: null,
          decidedAt: null,
          decidedBy: null,
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
          details: { enterpriseNumber, name, nssoNumber: company.nssoNumber, legalRepresentative: viewer.person.email, registrationStatus: company.registrationStatus },
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

/** A PENDING registration with its registrant, for the operators' queue. */
export interface PendingRegistration {
  id: string;
  company: CompanyEntity;
  registrant: Registrant;
}

/** The PENDING registrations, oldest first: platform operators only. */
export function pendingEmployers(deps: Deps, page: { afterId: string | null; limit: number }): Promise<Outcome<PendingRegistration[]>> {
  return decide(async () => {
    requireOperator(deps);
    return companyRepository.pendingPage(deps.db, page.afterId, page.limit);
  });
}

/** A platform operator approves a PENDING registration: the company becomes usable. */
export function approveEmployer(deps: Deps, companyId: string): Promise<Outcome<CompanyEntity>> {
  return decide(() => decideRegistration(deps, companyId, { status: 'APPROVED', reason: null }));
}

/** A platform operator rejects a PENDING registration, saying why; its number may be registered again. */
export function rejectEmployer(deps: Deps, companyId: string, reason: string): Promise<Outcome<CompanyEntity>> {
  return decide(async () => {
    requireOperator(deps);
    const checked = must(validateRejectionReason(reason));
    return decideRegistration(deps, companyId, { status: 'REJECTED', reason: checked });
  });
}

async function decideRegistration(deps: Deps, companyId: string, decision: { status: 'APPROVED' | 'REJECTED'; reason: string | null }): Promise<CompanyEntity> {
  const operator = requireOperator(deps);
  if (!isId(companyId)) refuse(notFound('company', companyId));
  const decided = await deps.db.transact(async (tx) => {
    const company = await companyRepository.lock(tx, companyId);
    if (!company) refuse(notFound('company', companyId));
    if (company.registrationStatus !== 'PENDING') {
      refuse(
        refusal(CompanyErrors.notPending, `This registration is ${company.registrationStatus}: only a PENDING one can be approved or rejected`, {
          status: company.registrationStatus,
        }),
      );
    }
    const changed: CompanyEntity = {
      ...company,
      registrationStatus: decision.status,
      rejectionReason: decision.reason,
      decidedAt: deps.now(),
      decidedBy: operator.person.id,
    };
    await companyRepository.decide(tx, changed);
    await audit(tx, deps, {
      companyId: company.id,
      action: decision.status === 'APPROVED' ? 'company.approved' : 'company.rejected',
      targetType: 'company',
      targetId: company.id,
      details: { enterpriseNumber: company.enterpriseNumber, name: company.name, before: 'PENDING', after: decision.status, reason: decision.reason },
    });
    await enqueueRegistrationDecisionMail(tx, deps, changed);
    return changed;
  });
  // The operator may hold a role in the company too: this request's facts about it are old.
  deps.access.reset();
  return decided;
}

/**
 * Tells the registrant (company.createdBy) of the operator's decision, in the decision's
 * transaction so that the mail leaves exactly when the decision commits: approved, or rejected with
 * `company.rejectionReason`, in the registrant's language.
 */
async function enqueueRegistrationDecisionMail(tx: Tx, deps: Deps, company: CompanyEntity): Promise<void> {
  const registrant = await accessRepository.personById(tx, company.createdBy);
  if (!registrant) return;
  await enqueue(
    tx,
    {
      kind: 'registrationDecision',
      to: registrant.email,
      language: registrant.language,
      params: {
        company: company.name,
        enterpriseNumber: formatEnterpriseNumber(company.enterpriseNumber),
        approved: company.registrationStatus === 'APPROVED',
        reason: company.rejectionReason,
        url: `${deps.config.publicUrl}/`,
      },
    },
    deps.now(),
  );
}
