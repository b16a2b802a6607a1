/** A permission of a REST account: it opens one REST API, identified by its OAuth scope. */
export interface PermissionDefinition {
  code: string;
  scope: string;
  /** The REST API it opens. */
  api: string;
  name: Record<Locale, string>;
  description: Record<Locale, string>;
}

export type Locale = 'en' | 'fr' | 'nl' | 'de';

const ebox = (suffix: string, en: string, fr: string, nl: string, de: string): PermissionDefinition => ({
  code: `ebox-enterprise-${suffix}`,
  scope: `scope:document:management:consult:ws-eboxrestentreprise:${suffix}`,
  api: 'e-Box Enterprise REST',
  name: { en: `e-Box Enterprise: ${en}`, fr: `e-Box Entreprise : ${fr}`, nl: `e-Box Enterprise: ${nl}`, de: `e-Box Enterprise: ${de}` },
  description: {
    en: `Opens the e-Box Enterprise REST API for ${en.toLowerCase()}.`,
    fr: `Ouvre l'API REST e-Box Entreprise pour ${fr.toLowerCase()}.`,
    nl: `Opent de REST-API van e-Box Enterprise voor ${nl.toLowerCase()}.`,
    de: `Öffnet die REST-API von e-Box Enterprise für ${de}.`,
  },
});

/**
 * The catalogue, from the real scopes of the social-security REST APIs. Kept here in code; a
 * migration loads the codes and scopes into the database, the names and descriptions are served
 * from here in the caller's language.
 */
export const PERMISSIONS: readonly PermissionDefinition[] = [
  {
    code: 'dimona-declaration',
    scope: 'scope:dimona:declaration:declarant',
    api: 'Dimona REST',
    name: { en: 'Dimona: declare', fr: 'Dimona : déclarer', nl: 'Dimona: aangeven', de: 'Dimona: melden' },
    description: {
      en: 'Send Dimona declarations (start and end of employment) through the Dimona REST API.',
      fr: "Envoyer des déclarations Dimona (entrée et sortie de service) via l'API REST Dimona.",
      nl: 'Dimona-aangiften (in- en uitdienst) versturen via de Dimona REST-API.',
      de: 'Dimona-Meldungen (Beginn und Ende der Beschäftigung) über die Dimona-REST-API senden.',
    },
  },
  {
    code: 'dimona-consult',
    scope: 'scope:dimona:declaration:consult',
    api: 'Dimona REST',
    name: { en: 'Dimona: consult', fr: 'Dimona : consulter', nl: 'Dimona: raadplegen', de: 'Dimona: einsehen' },
    description: {
      en: 'Read Dimona declarations and their status through the Dimona REST API.',
      fr: "Consulter les déclarations Dimona et leur statut via l'API REST Dimona.",
      nl: 'Dimona-aangiften en hun status raadplegen via de Dimona REST-API.',
      de: 'Dimona-Meldungen und ihren Status über die Dimona-REST-API einsehen.',
    },
  },
  ebox('documentconsumer', 'Read documents', 'Lire les documents', 'Documenten lezen', 'Dokumente lesen'),
  ebox('publicationsender', 'Publish documents', 'Publier des documents', 'Documenten publiceren', 'Dokumente veröffentlichen'),
  ebox('summaryownebox', 'Summary of the own e-Box', "Résumé de sa propre e-Box", 'Overzicht van de eigen e-Box', 'Übersicht der eigenen e-Box'),
  ebox('messagesfull', 'Full messages', 'Messages complets', 'Volledige berichten', 'Vollständige Nachrichten'),
  ebox('referencedata', 'Reference data', 'Données de référence', 'Referentiegegevens', 'Referenzdaten'),
  {
    code: 'ebox-federation-registry',
    scope: 'scope:documentmanagement:ebox:enterprise:federation-rest:registry',
    api: 'e-Box Enterprise federation REST',
    name: {
      en: 'e-Box federation: registry',
      fr: 'Fédération e-Box : registre',
      nl: 'e-Box-federatie: register',
      de: 'e-Box-Föderation: Register',
    },
    description: {
      en: 'Register and consult e-Box Enterprise federation participants.',
      fr: 'Enregistrer et consulter les participants de la fédération e-Box Entreprise.',
      nl: 'Deelnemers aan de e-Box Enterprise-federatie registreren en raadplegen.',
      de: 'Teilnehmer der e-Box-Enterprise-Föderation registrieren und einsehen.',
    },
  },
  {
    code: 'ebox-federation-preference',
    scope: 'scope:documentmanagement:ebox:enterprise:federation-rest:preference',
    api: 'e-Box Enterprise federation REST',
    name: {
      en: 'e-Box federation: preferences',
      fr: 'Fédération e-Box : préférences',
      nl: 'e-Box-federatie: voorkeuren',
      de: 'e-Box-Föderation: Einstellungen',
    },
    description: {
      en: "Manage companies' e-Box Enterprise federation preferences.",
      fr: "Gérer les préférences de fédération e-Box Entreprise des entreprises.",
      nl: 'De e-Box Enterprise-federatievoorkeuren van ondernemingen beheren.',
      de: 'Die e-Box-Enterprise-Föderationseinstellungen von Unternehmen verwalten.',
    },
  },
  {
    code: 'demo-consult',
    scope: 'scope:demo:consult',
    api: 'Demo REST',
    name: { en: 'Demo API', fr: 'API de démonstration', nl: 'Demo-API', de: 'Demo-API' },
    description: {
      en: 'Try the integration: the demo API answers any authenticated call.',
      fr: "Tester l'intégration : l'API de démonstration répond à tout appel authentifié.",
      nl: 'De integratie uitproberen: de demo-API beantwoordt elke geauthenticeerde oproep.',
      de: 'Die Integration ausprobieren: die Demo-API beantwortet jeden authentifizierten Aufruf.',
    },
  },
];

const BY_CODE = new Map(PERMISSIONS.map((p) => [p.code, p]));

export function findPermission(code: string): PermissionDefinition | undefined {
  return BY_CODE.get(code);
}

/**
 * The catalogue's permissions for an account's codes, in the order of the codes. A code no longer
 * in the catalogue opens nothing: it is left out (what the account shows, and the scopes a token
 * grants).
 */
export function permissionsOf(codes: readonly string[]): PermissionDefinition[] {
  return codes.flatMap((code) => BY_CODE.get(code) ?? []);
}
