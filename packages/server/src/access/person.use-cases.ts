import { checkLanguage, type Language } from '@chaman/domain';
import { decide, must, type Deps, type Outcome } from '../shared/use-case.js';
import { accessRepository } from './access.repository.js';
import { requireViewer } from './authorization.js';
import type { PersonEntity } from './person.entity.js';

/** The signed-in person chooses the language of their mails (the admin UI calls it when they switch). */
export function setLanguage(deps: Deps, input: { language: string }): Promise<Outcome<Omit<PersonEntity, 'passwordHash'>>> {
  return decide(async () => {
    const viewer = requireViewer(deps);
    const language: Language = must(checkLanguage(input.language));
    if (language !== viewer.person.language) await deps.db.transact((tx) => accessRepository.setLanguage(tx, viewer.person.id, language));
    return { ...viewer.person, language };
  });
}
