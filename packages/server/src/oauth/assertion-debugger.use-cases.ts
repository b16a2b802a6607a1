import { AssertionReasons, ASSERTION_STEPS, can, CommonErrors, refusal, type AssertionFailure, type AssertionStep } from '@chaman/domain';
import { visibleCompany } from '../access/authorization.js';
import { memoryLimiter } from '../shared/rate-limiter.js';
import { decide, refuse, type Deps, type Outcome } from '../shared/use-case.js';
import { grantedScopes, judgeAssertion, type AssertionJudgement } from './client-authentication.js';
import { oauthRepository } from './oauth.repository.js';

/** One check of the diagnosis, in the order of ASSERTION_STEPS. */
export interface AssertionCheckResult {
  name: AssertionStep;
  ok: boolean;
  reason: string | null;
  params: Record<string, string | number | boolean | null> | null;
  message: string;
}

export interface AssertionDiagnosisResult {
  ok: boolean;
  clientId: string | null;
  steps: AssertionCheckResult[];
}

/** Diagnoses per client IP and minute (each instance counts its own): enough to debug, too few to probe accounts with. */
export const DEBUGGER_PER_IP_PER_MINUTE = 30;
// Per server (keyed by its configuration object): each instance counts its own.
const limiters = new WeakMap<object, ReturnType<typeof memoryLimiter>>();
function limiterOf(config: object) {
  let limiter = limiters.get(config);
  if (!limiter) limiters.set(config, (limiter = memoryLimiter()));
  return limiter;
}

const passed = (name: AssertionStep, message: string): AssertionCheckResult => ({ name, ok: true, reason: null, params: null, message });
const failed = (failure: AssertionFailure, message = failure.description): AssertionCheckResult => ({ name: failure.step, ok: false, reason: failure.reason, params: failure.params, message });

/** What each step says when it passed. */
function passedMessage(step: AssertionStep, judgement: AssertionJudgement, now: number, scope: string | undefined): string {
  const claims = judgement.jws?.payload ?? {};
  switch (step) {
    case 'format':
      return 'a compact JWS: three base64url parts, the header and the payload JSON objects';
    case 'header':
      return `alg ${String(judgement.jws?.header.alg)} is accepted, and the header has no crit`;
    case 'iss-sub':
      return `iss and sub are both ${String(claims.iss)}`;
    case 'aud':
      return `aud names this server: ${JSON.stringify(claims.aud)}`;
    case 'exp': {
      const exp = claims.exp as number;
      return exp >= now ? `exp ${exp} is ${exp - now} s ahead of the server time ${now}` : `exp ${exp} is ${now - exp} s past, within the 60 s leeway`;
    }
    case 'nbf-iat':
      return claims.iat === undefined && claims.nbf === undefined ? 'no iat or nbf (both optional)' : 'iat and nbf are not in the future';
    case 'jti':
      return `jti ${JSON.stringify(claims.jti)} has the right form and has not been used`;
    case 'client':
      return `a REST account has the client ID ${judgement.client?.account.client_id}`;
    case 'signature':
      return `the signature verifies with certificate "${judgement.signer?.name}", valid now`;
    case 'account':
      return `the account ${judgement.client?.account.client_id} is enabled`;
    case 'scope':
      return `scope granted: ${scope?.trim() ? scope.trim() : `${grantedScopes(judgement.client!.account).join(' ')} (all the account's; none was asked)`}`;
  }
}

const STEP_BEFORE: Partial<Record<AssertionStep, string>> = {
  header: 'format',
  'iss-sub': 'format',
  aud: 'format',
  exp: 'format',
  'nbf-iat': 'format',
  jti: 'format',
  client: 'iss-sub (iss must be a string)',
  signature: 'header (alg must be accepted) and iss-sub',
  account: 'client',
  scope: 'client',
};

/**
 * `debugClientAssertion`: every check of the token endpoint on an assertion, each judged when it can
 * be, with the token endpoint's own code, and nothing written: the jti is not spent, no attempt is
 * recorded. What the checks found about the account (its certificates, its state, its scopes, even
 * whether it exists) is shown to its company's signed-in people and to a caller whose assertion one
 * of its keys verifies; to anyone else, as at the token endpoint, it is not.
 */
export function debugClientAssertion(deps: Deps, input: { assertion: string; scope: string | null; audiences: readonly string[] }): Promise<Outcome<AssertionDiagnosisResult>> {
  return decide(async () => {
    const now = deps.now();
    const ip = deps.origin.ip ?? 'unknown';
    const count = limiterOf(deps.config).hitNow(`debug:${ip}`, { max: DEBUGGER_PER_IP_PER_MINUTE, windowMs: 60_000 }, now.getTime());
    if (count.count > DEBUGGER_PER_IP_PER_MINUTE) {
      const retryAfterSeconds = Math.max(1, Math.ceil((count.resetAt - now.getTime()) / 1000));
      refuse(refusal(CommonErrors.rateLimited, `too many assertions diagnosed from ${ip}: at most ${DEBUGGER_PER_IP_PER_MINUTE} a minute; try again in ${retryAfterSeconds} s`, { retryAfterSeconds }));
    }
    const scope = input.scope ?? undefined;
    const judgement = await judgeAssertion({ db: deps.db, audiences: input.audiences }, input.assertion, { scope, now, mode: 'every-step' });
    const { steps, client, signer } = judgement;
    let entitled = signer !== null;
    if (!entitled && client && deps.viewer) {
      const found = await visibleCompany(deps, client.account.company_id);
      entitled = found !== null && can(found.actor, 'use-chaman', found.company.ref);
    }
    // Whether the jti was spent: read, never written. Only for those who may know the account exists.
    if (entitled && client && steps.get('jti') === null) {
      const jti = judgement.jws!.payload.jti as string;
      if (await oauthRepository.jtiSpent(deps.db, client.account.client_id, jti, now.getTime())) {
        steps.set('jti', { error: 'invalid_client', description: `jti ${JSON.stringify(jti)} was already used; each assertion is single-use`, step: 'jti', reason: AssertionReasons.jtiUsed, params: { jti } });
      }
    }
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const hidden = new Set<AssertionStep>(entitled ? [] : ['client', 'account', 'scope']);
    const checks = ASSERTION_STEPS.map((step): AssertionCheckResult => {
      // Judged or not, alike: whether these steps could be judged would tell whether the account exists.
      if (hidden.has(step)) {
        return {
          name: step,
          ok: false,
          reason: AssertionReasons.notShown,
          params: {},
          message: "not shown: what this step found is shown to the account's company and to callers whose assertion one of the account's keys verifies",
        };
      }
      if (!steps.has(step)) {
        return { name: step, ok: false, reason: AssertionReasons.notJudged, params: { because: STEP_BEFORE[step] ?? null }, message: `not checked: it needs ${STEP_BEFORE[step]} to pass first` };
      }
      const failure = steps.get(step);
      if (!failure) return passed(step, passedMessage(step, judgement, nowSeconds, scope));
      return failed(failure, entitled ? (failure.detail ?? failure.description) : failure.description);
    });
    return { ok: checks.every((c) => c.ok), clientId: judgement.clientId, steps: checks };
  });
}
