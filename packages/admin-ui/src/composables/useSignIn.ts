import type { CombinedError, DocumentInput } from '@urql/core';
import { ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { client } from '../graphql/client';
import { returnPath } from './returnPath';
import { useSession } from './useSession';

/**
 * Submitting the sign-up or the sign-in form: on success the session is reloaded and the person
 * goes back to the page that sent them here (`?next=`, a same-origin path only), else lands on the
 * home page, or on "Register an employer" when they have no company yet.
 */
export function useSignIn<V extends { input: object }>(document: DocumentInput<unknown, V>) {
  const router = useRouter();
  const route = useRoute();
  const session = useSession();
  const busy = ref(false);

  /** Sends the form; answers the refusal when there is one (the page shows it on its field or on the form). */
  async function submit(variables: V): Promise<CombinedError | undefined> {
    busy.value = true;
    const r = await client.mutation(document, variables).toPromise();
    busy.value = false;
    if (r.data) {
      await session.refresh();
      await router.push(returnPath(route.query.next) ?? (session.companies.value.length ? '/' : '/register'));
    }
    return r.error;
  }
  return { busy, submit };
}
