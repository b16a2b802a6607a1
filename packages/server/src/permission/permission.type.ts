import type { Locale, PermissionDefinition } from '@chaman/domain';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum Language {
  EN = 'en',
  FR = 'fr',
  NL = 'nl',
  DE = 'de',
}
registerEnumType(Language, { name: 'Language', description: 'A language Chaman speaks' });

@ObjectType({ simpleResolvers: true, description: 'A permission of a REST account: it opens one REST API' })
export class Permission {
  @Field(() => String, { description: 'Stable code, used in createRestAccount, e.g. dimona-declaration' })
  code: string;

  @Field(() => String, { description: 'The OAuth scope it grants, e.g. scope:dimona:declaration:declarant' })
  scope: string;

  @Field(() => String, { description: 'The REST API it opens' })
  api: string;

  @Field(() => String, { description: "Name, in the request's language (Accept-Language; English by default)" })
  name: string;

  @Field(() => String, { description: 'What it allows, in the same language' })
  description: string;
}

/** The catalogue is fixed: each permission's object per language is made once and shared (never mutated). */
const permissionObjects = new Map<string, Permission>();

export function toPermission(p: PermissionDefinition, locale: Locale): Permission {
  const key = `${locale}:${p.code}`;
  let permission = permissionObjects.get(key);
  if (!permission) {
    permission = Object.freeze({ code: p.code, scope: p.scope, api: p.api, name: p.name[locale], description: p.description[locale] });
    permissionObjects.set(key, permission);
  }
  return permission;
}

/** The first supported language of an Accept-Language header, else English. */
export function localeOf(acceptLanguage: string | undefined): Locale {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const base = part.trim().slice(0, 2).toLowerCase();
    if (base === 'en' || base === 'fr' || base === 'nl' || base === 'de') return base;
  }
  return 'en';
}
