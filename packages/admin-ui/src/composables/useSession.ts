import { can, type Action, type Actor, type CompanyRef, type RegistrationStatus, type Role } from '@chaman/domain';
import { computed, reactive } from 'vue';
import { client, onSessionExpired } from '../graphql/client';
import { MeDocument, SignOutDocument, type MeQuery } from '../graphql/generated';

type Me = NonNullable<MeQuery['me']>;
export interface CompanyChoice {
  id: string;
  name: string;
  enterpriseNumber: string;
  registrationStatus: RegistrationStatus;
  /** Why a platform operator rejected it (REJECTED only). */
  rejectionReason?: string | null;
  /** The provider the person acts through, when by mandate. */
  throughId: string | null;
}

const COMPANY_KEY = 'chaman.company';

const state = reactive({
  me: null as Me | null,
  loaded: false,
  /** The session ended by itself (its lifetime or idle time): say so until the person signs in again. */
  expired: false,
  companyId: globalThis.localStorage?.getItem(COMPANY_KEY) ?? null,
});

/** Reloads who is signed in (after sign-in, sign-up, registration, role changes). */
async function refresh(): Promise<void> {
  const r = await client.query(MeDocument, {}, { requestPolicy: 'network-only' }).toPromise();
  state.me = r.data?.me ?? null;
  state.loaded = true;
  if (state.me) state.expired = false;
  const ids = companies.value.map((c) => c.id);
  if (!state.companyId || !ids.includes(state.companyId)) selectCompany(ids[0] ?? null);
}

function selectCompany(id: string | null) {
  state.companyId = id;
  if (id) globalThis.localStorage?.setItem(COMPANY_KEY, id);
  else globalThis.localStorage?.removeItem(COMPANY_KEY);
}

const companies = computed<CompanyChoice[]>(() => [
  ...(state.me?.memberships ?? []).map((m) => ({ ...m.company, throughId: null })),
  ...(state.me?.delegations ?? []).map((d) => ({ ...d.company, throughId: d.through.id })),
]);

/** The person as the domain's rules see them. */
const actor = computed<Actor>(() => ({
  roles: Object.fromEntries((state.me?.memberships ?? []).map((m) => [m.company.id, m.roles as Role[]])),
}));

const company = computed(() => companies.value.find((c) => c.id === state.companyId) ?? null);

const companyRef = computed<CompanyRef | null>(() =>
  company.value
    ? { id: company.value.id, registrationStatus: company.value.registrationStatus, activeProviderIds: company.value.throughId ? [company.value.throughId] : [] }
    : null,
);

/** The domain's `can`, for the company the person acts for: the UI offers only what it allows. */
function allowed(action: Action): boolean {
  return companyRef.value !== null && can(actor.value, action, companyRef.value);
}

// The server tells the browser once, then forgets the cookie: from here on, nobody is signed in.
onSessionExpired(() => {
  state.expired = true;
  state.me = null;
});

async function signOut() {
  await client.mutation(SignOutDocument, {}).toPromise();
  state.me = null;
  state.expired = false;
  selectCompany(null);
}

export function useSession() {
  return { state, refresh, companies, company, companyRef, actor, selectCompany, allowed, signOut };
}
