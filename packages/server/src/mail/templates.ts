import type { Language, Role } from '@chaman/domain';

/**
 * A mail as its template words it, in plain text: `render` makes the text and the HTML part of it,
 * escaping every piece in the HTML, so no template writes markup (or forgets to escape).
 */
export interface MailContent {
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** The one thing to do, as a button in HTML and a bare link in the text part. */
  action?: { intro: string; label: string; url: string };
  /** After the action: why they got it, what to do if it was not meant for them. */
  after: string[];
}

/** A mail kind: its wording in each language, from the values the caller gives. */
export type Template<P> = Record<Language, (params: P) => MailContent>;

const SIGNATURE = 'Chaman';

type AppointedRole = Exclude<Role, 'LEGAL_REPRESENTATIVE'>;

/** The role names of the admin UI's locale files, written as they read inside a sentence. */
const ROLE_NAMES: Record<Language, Record<AppointedRole, string>> = {
  en: { CHIEF_ACCESS_MANAGER: 'Chief Access Manager', ACCESS_MANAGER: 'Access Manager', CHAMAN: 'Chaman user' },
  fr: { CHIEF_ACCESS_MANAGER: "gestionnaire d'accès principal", ACCESS_MANAGER: "gestionnaire d'accès", CHAMAN: 'utilisateur de Chaman' },
  nl: { CHIEF_ACCESS_MANAGER: 'hoofdtoegangsbeheerder', ACCESS_MANAGER: 'toegangsbeheerder', CHAMAN: 'Chaman-gebruiker' },
  de: { CHIEF_ACCESS_MANAGER: 'Hauptzugangsverwalter', ACCESS_MANAGER: 'Zugangsverwalter', CHAMAN: 'Chaman-Nutzer' },
};

export interface InvitationParams {
  /** The appointer's full name. */
  inviter: string;
  company: string;
  role: AppointedRole;
  /** The appointed address. */
  email: string;
  /** Whether someone already has an account with that address (the role is then active at once). */
  hasAccount: boolean;
  /** Where to sign up (or sign in). */
  url: string;
}

/** Sent when a role in a company is appointed to an email address. */
const invitation: Template<InvitationParams> = {
  en: (p) => ({
    subject: `${p.inviter} invites you to Chaman for ${p.company}`,
    greeting: 'Hello,',
    paragraphs: [
      p.role === 'CHAMAN'
        ? `${p.inviter} has given you access to Chaman for ${p.company}.`
        : `${p.inviter} has given you the role of ${ROLE_NAMES.en[p.role]} for ${p.company} in Chaman.`,
      'Chaman is where companies manage the technical channels through which they reach the social-security REST APIs.',
    ],
    action: p.hasAccount
      ? { intro: `Sign in with your account (${p.email}) to get started:`, label: 'Open Chaman', url: p.url }
      : { intro: `To get started, create your account with this email address (${p.email}):`, label: 'Create my account', url: p.url },
    after: [
      p.hasAccount
        ? `If you were not expecting this message, please let the access managers of ${p.company} know.`
        : 'If you were not expecting this message, you can ignore it: nothing happens until an account is created with this address.',
    ],
  }),
  fr: (p) => ({
    subject: `${p.inviter} vous invite sur Chaman pour ${p.company}`,
    greeting: 'Bonjour,',
    paragraphs: [
      p.role === 'CHAMAN'
        ? `${p.inviter} vous a donné accès à Chaman pour ${p.company}.`
        : `${p.inviter} vous a confié le rôle de ${ROLE_NAMES.fr[p.role]} pour ${p.company} dans Chaman.`,
      'Chaman permet aux entreprises de gérer les canaux techniques par lesquels elles accèdent aux API REST de la sécurité sociale.',
    ],
    action: p.hasAccount
      ? { intro: `Connectez-vous avec votre compte (${p.email}) pour commencer :`, label: 'Ouvrir Chaman', url: p.url }
      : { intro: `Pour commencer, créez votre compte avec cette adresse e-mail (${p.email}) :`, label: 'Créer mon compte', url: p.url },
    after: [
      p.hasAccount
        ? `Si vous ne vous attendiez pas à ce message, prévenez les gestionnaires d'accès de ${p.company}.`
        : "Si vous ne vous attendiez pas à ce message, vous pouvez l'ignorer : rien ne se passe tant qu'aucun compte n'est créé avec cette adresse.",
    ],
  }),
  nl: (p) => ({
    subject: `${p.inviter} nodigt u uit op Chaman voor ${p.company}`,
    greeting: 'Beste,',
    paragraphs: [
      p.role === 'CHAMAN'
        ? `${p.inviter} heeft u toegang tot Chaman gegeven voor ${p.company}.`
        : `${p.inviter} heeft u in Chaman de rol van ${ROLE_NAMES.nl[p.role]} voor ${p.company} toegekend.`,
      'In Chaman beheren bedrijven de technische kanalen waarlangs ze de REST-API’s van de sociale zekerheid bereiken.',
    ],
    action: p.hasAccount
      ? { intro: `Meld u aan met uw account (${p.email}) om te beginnen:`, label: 'Chaman openen', url: p.url }
      : { intro: `Maak om te beginnen uw account aan met dit e-mailadres (${p.email}):`, label: 'Mijn account aanmaken', url: p.url },
    after: [
      p.hasAccount
        ? `Had u dit bericht niet verwacht? Laat het dan weten aan de toegangsbeheerders van ${p.company}.`
        : 'Had u dit bericht niet verwacht? Dan kunt u het negeren: er gebeurt niets zolang er geen account met dit adres is aangemaakt.',
    ],
  }),
  de: (p) => ({
    subject: `${p.inviter} lädt Sie zu Chaman für ${p.company} ein`,
    greeting: 'Guten Tag,',
    paragraphs: [
      p.role === 'CHAMAN'
        ? `${p.inviter} hat Ihnen Zugang zu Chaman für ${p.company} gewährt.`
        : `${p.inviter} hat Ihnen in Chaman die Rolle „${ROLE_NAMES.de[p.role]}“ für ${p.company} übertragen.`,
      'In Chaman verwalten Unternehmen die technischen Kanäle, über die sie die REST-APIs der sozialen Sicherheit erreichen.',
    ],
    action: p.hasAccount
      ? { intro: `Melden Sie sich mit Ihrem Konto (${p.email}) an, um zu beginnen:`, label: 'Chaman öffnen', url: p.url }
      : { intro: `Erstellen Sie zunächst Ihr Konto mit dieser E-Mail-Adresse (${p.email}):`, label: 'Mein Konto erstellen', url: p.url },
    after: [
      p.hasAccount
        ? `Falls Sie diese Nachricht nicht erwartet haben, informieren Sie bitte die Zugangsverwalter von ${p.company}.`
        : 'Falls Sie diese Nachricht nicht erwartet haben, können Sie sie ignorieren: Solange kein Konto mit dieser Adresse erstellt wird, geschieht nichts.',
    ],
  }),
};

export interface RegistrationDecisionParams {
  company: string;
  /** The enterprise number as people write it (0203.201.340). */
  enterpriseNumber: string;
  approved: boolean;
  /** The operator's reason, when rejected. */
  reason: string | null;
  /** Where to sign in. */
  url: string;
}

/** Sent to the registrant when a platform operator approves or rejects an employer's registration. */
const registrationDecision: Template<RegistrationDecisionParams> = {
  en: (p) => ({
    subject: p.approved ? `${p.company} is approved in Chaman` : `The registration of ${p.company} in Chaman was rejected`,
    greeting: 'Hello,',
    paragraphs: p.approved
      ? [`You registered ${p.company} (enterprise number ${p.enterpriseNumber}) as an employer in Chaman. A platform operator has approved the registration: you can now appoint its Chief Access Manager.`]
      : [`You registered ${p.company} (enterprise number ${p.enterpriseNumber}) as an employer in Chaman. A platform operator has rejected the registration, for this reason:`, p.reason ?? ''],
    action: { intro: p.approved ? 'Sign in to continue:' : 'You may register the enterprise again once the reason is resolved:', label: 'Open Chaman', url: p.url },
    after: ['You receive this mail because you registered this employer.'],
  }),
  fr: (p) => ({
    subject: p.approved ? `${p.company} est approuvée dans Chaman` : `L'enregistrement de ${p.company} dans Chaman a été refusé`,
    greeting: 'Bonjour,',
    paragraphs: p.approved
      ? [`Vous avez enregistré ${p.company} (numéro d'entreprise ${p.enterpriseNumber}) comme employeur dans Chaman. Un opérateur de la plateforme a approuvé l'enregistrement : vous pouvez maintenant désigner son gestionnaire d'accès principal.`]
      : [`Vous avez enregistré ${p.company} (numéro d'entreprise ${p.enterpriseNumber}) comme employeur dans Chaman. Un opérateur de la plateforme a refusé l'enregistrement, pour la raison suivante :`, p.reason ?? ''],
    action: { intro: p.approved ? 'Connectez-vous pour continuer :' : "Vous pourrez enregistrer l'entreprise à nouveau une fois la raison résolue :", label: 'Ouvrir Chaman', url: p.url },
    after: ['Vous recevez ce message parce que vous avez enregistré cet employeur.'],
  }),
  nl: (p) => ({
    subject: p.approved ? `${p.company} is goedgekeurd in Chaman` : `De registratie van ${p.company} in Chaman is geweigerd`,
    greeting: 'Goedendag,',
    paragraphs: p.approved
      ? [`U hebt ${p.company} (ondernemingsnummer ${p.enterpriseNumber}) als werkgever geregistreerd in Chaman. Een platformbeheerder heeft de registratie goedgekeurd: u kunt nu de hoofdtoegangsbeheerder aanstellen.`]
      : [`U hebt ${p.company} (ondernemingsnummer ${p.enterpriseNumber}) als werkgever geregistreerd in Chaman. Een platformbeheerder heeft de registratie geweigerd, om deze reden:`, p.reason ?? ''],
    action: { intro: p.approved ? 'Meld u aan om verder te gaan:' : 'U kunt de onderneming opnieuw registreren zodra de reden is opgelost:', label: 'Chaman openen', url: p.url },
    after: ['U ontvangt deze e-mail omdat u deze werkgever hebt geregistreerd.'],
  }),
  de: (p) => ({
    subject: p.approved ? `${p.company} ist in Chaman freigegeben` : `Die Registrierung von ${p.company} in Chaman wurde abgelehnt`,
    greeting: 'Guten Tag,',
    paragraphs: p.approved
      ? [`Sie haben ${p.company} (Unternehmensnummer ${p.enterpriseNumber}) als Arbeitgeber in Chaman registriert. Ein Plattformbetreiber hat die Registrierung freigegeben: Sie können jetzt den Hauptzugangsverwalter ernennen.`]
      : [`Sie haben ${p.company} (Unternehmensnummer ${p.enterpriseNumber}) als Arbeitgeber in Chaman registriert. Ein Plattformbetreiber hat die Registrierung aus folgendem Grund abgelehnt:`, p.reason ?? ''],
    action: { intro: p.approved ? 'Melden Sie sich an, um fortzufahren:' : 'Sie können das Unternehmen erneut registrieren, sobald der Grund behoben ist:', label: 'Chaman öffnen', url: p.url },
    after: ['Sie erhalten diese E-Mail, weil Sie diesen Arbeitgeber registriert haben.'],
  }),
};

export interface EmailLinkParams {
  /** The person's first name, for the greeting. */
  firstName: string;
  /** The address the mail goes to (the one the link proves). */
  email: string;
  /** The link, with its single-use secret. */
  url: string;
}

/** Sent at sign-up (and on request, or at the sign-in of someone who never proved it): the link that proves the email. */
const verification: Template<EmailLinkParams> = {
  en: (p) => ({
    subject: 'Confirm your email address for Chaman',
    greeting: `Hello ${p.firstName},`,
    paragraphs: [`Please confirm that ${p.email} is your email address. Until you do, roles given to this address in Chaman stay on hold.`],
    action: { intro: 'Confirm it by opening this link within 24 hours:', label: 'Confirm my email address', url: p.url },
    after: ['If you did not create a Chaman account, ignore this mail: without this confirmation, nobody can use your address in Chaman.'],
  }),
  fr: (p) => ({
    subject: 'Confirmez votre adresse e-mail pour Chaman',
    greeting: `Bonjour ${p.firstName},`,
    paragraphs: [`Merci de confirmer que ${p.email} est bien votre adresse e-mail. D'ici là, les rôles confiés à cette adresse dans Chaman restent en attente.`],
    action: { intro: 'Confirmez-la en ouvrant ce lien dans les 24 heures :', label: 'Confirmer mon adresse e-mail', url: p.url },
    after: ["Si vous n'avez pas créé de compte Chaman, ignorez ce message : sans cette confirmation, personne ne peut utiliser votre adresse dans Chaman."],
  }),
  nl: (p) => ({
    subject: 'Bevestig uw e-mailadres voor Chaman',
    greeting: `Beste ${p.firstName},`,
    paragraphs: [`Bevestig dat ${p.email} uw e-mailadres is. Zolang u dat niet doet, blijven rollen die aan dit adres in Chaman zijn toegekend in afwachting.`],
    action: { intro: 'Bevestig het door deze link binnen 24 uur te openen:', label: 'Mijn e-mailadres bevestigen', url: p.url },
    after: ['Hebt u geen Chaman-account aangemaakt? Negeer dan deze e-mail: zonder deze bevestiging kan niemand uw adres in Chaman gebruiken.'],
  }),
  de: (p) => ({
    subject: 'Bestätigen Sie Ihre E-Mail-Adresse für Chaman',
    greeting: `Guten Tag ${p.firstName},`,
    paragraphs: [`Bitte bestätigen Sie, dass ${p.email} Ihre E-Mail-Adresse ist. Bis dahin bleiben Rollen, die dieser Adresse in Chaman übertragen wurden, zurückgestellt.`],
    action: { intro: 'Bestätigen Sie sie, indem Sie diesen Link innerhalb von 24 Stunden öffnen:', label: 'E-Mail-Adresse bestätigen', url: p.url },
    after: ['Falls Sie kein Chaman-Konto erstellt haben, ignorieren Sie diese E-Mail: Ohne diese Bestätigung kann niemand Ihre Adresse in Chaman verwenden.'],
  }),
};

/** Sent on request to a known account: the link to choose a new password. */
const passwordReset: Template<EmailLinkParams> = {
  en: (p) => ({
    subject: 'Reset your Chaman password',
    greeting: `Hello ${p.firstName},`,
    paragraphs: [`Someone asked to reset the password of the Chaman account ${p.email}.`],
    action: { intro: 'To choose a new password, open this link within one hour:', label: 'Choose a new password', url: p.url },
    after: ['If you did not ask for this, ignore this mail: your password stays as it is. Choosing a new one signs you out everywhere else.'],
  }),
  fr: (p) => ({
    subject: 'Réinitialisez votre mot de passe Chaman',
    greeting: `Bonjour ${p.firstName},`,
    paragraphs: [`Quelqu'un a demandé la réinitialisation du mot de passe du compte Chaman ${p.email}.`],
    action: { intro: "Pour choisir un nouveau mot de passe, ouvrez ce lien dans l'heure :", label: 'Choisir un nouveau mot de passe', url: p.url },
    after: ["Si vous n'en êtes pas à l'origine, ignorez ce message : votre mot de passe reste inchangé. En choisir un nouveau vous déconnecte partout ailleurs."],
  }),
  nl: (p) => ({
    subject: 'Stel uw Chaman-wachtwoord opnieuw in',
    greeting: `Beste ${p.firstName},`,
    paragraphs: [`Iemand heeft gevraagd om het wachtwoord van het Chaman-account ${p.email} opnieuw in te stellen.`],
    action: { intro: 'Open deze link binnen een uur om een nieuw wachtwoord te kiezen:', label: 'Nieuw wachtwoord kiezen', url: p.url },
    after: ['Hebt u dit niet gevraagd? Negeer dan deze e-mail: uw wachtwoord blijft ongewijzigd. Een nieuw wachtwoord kiezen meldt u overal elders af.'],
  }),
  de: (p) => ({
    subject: 'Setzen Sie Ihr Chaman-Passwort zurück',
    greeting: `Guten Tag ${p.firstName},`,
    paragraphs: [`Jemand hat beantragt, das Passwort des Chaman-Kontos ${p.email} zurückzusetzen.`],
    action: { intro: 'Um ein neues Passwort zu wählen, öffnen Sie diesen Link innerhalb einer Stunde:', label: 'Neues Passwort wählen', url: p.url },
    after: ['Falls Sie das nicht beantragt haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert. Ein neues Passwort meldet Sie überall sonst ab.'],
  }),
};

export interface AccountReviewParams {
  /** The recipient's first name, for the greeting. */
  firstName: string;
  /** The company whose accounts are to review. */
  company: string;
  /** Who no longer has access: a person's email, or a provider's name. */
  who: string;
  /** Why: `role` (their role was revoked) or `mandate` (the provider's mandate ended). */
  cause: 'role' | 'mandate';
  /** The accounts, as "name (client ID)". */
  accounts: string[];
  /** The admin UI. */
  url: string;
}

/**
 * Sent to a company's access managers when someone who made REST accounts (or added certificates to
 * them) no longer has access: they may still hold a certificate's private key.
 */
const restAccountReview: Template<AccountReviewParams> = {
  en: (p) => ({
    subject: `Chaman: ${p.accounts.length} REST account(s) of ${p.company} to review`,
    greeting: `Hello ${p.firstName},`,
    paragraphs: [
      `${p.who} no longer has access to Chaman for ${p.company} (${p.cause === 'role' ? 'their role was revoked' : 'the mandate ended'}), and created these REST accounts or added a certificate to them: ${p.accounts.join(', ')}.`,
      'They may still hold a private key that obtains tokens for these accounts. The accounts keep working (disabling them could stop your payroll): replace their certificates with new ones, or confirm that the keys are out of their reach.',
    ],
    action: { intro: 'Review the accounts in Chaman:', label: 'Open Chaman', url: p.url },
    after: ['You receive this mail because you are an access manager of this company.'],
  }),
  fr: (p) => ({
    subject: `Chaman : ${p.accounts.length} compte(s) REST de ${p.company} à vérifier`,
    greeting: `Bonjour ${p.firstName},`,
    paragraphs: [
      `${p.who} n'a plus accès à Chaman pour ${p.company} (${p.cause === 'role' ? 'son rôle a été révoqué' : 'le mandat a pris fin'}) et a créé ces comptes REST ou leur a ajouté un certificat : ${p.accounts.join(', ')}.`,
      "Cette personne détient peut-être encore une clé privée qui obtient des jetons pour ces comptes. Les comptes continuent de fonctionner (les désactiver pourrait arrêter votre paie) : remplacez leurs certificats par de nouveaux, ou confirmez que les clés sont hors de sa portée.",
    ],
    action: { intro: 'Vérifiez les comptes dans Chaman :', label: 'Ouvrir Chaman', url: p.url },
    after: ["Vous recevez ce message parce que vous êtes gestionnaire d'accès de cette entreprise."],
  }),
  nl: (p) => ({
    subject: `Chaman: ${p.accounts.length} REST-account(s) van ${p.company} na te kijken`,
    greeting: `Beste ${p.firstName},`,
    paragraphs: [
      `${p.who} heeft geen toegang meer tot Chaman voor ${p.company} (${p.cause === 'role' ? 'de rol werd ingetrokken' : 'het mandaat is beëindigd'}) en heeft deze REST-accounts aangemaakt of er een certificaat aan toegevoegd: ${p.accounts.join(', ')}.`,
      'Mogelijk heeft die nog een privésleutel die tokens voor deze accounts verkrijgt. De accounts blijven werken (ze uitschakelen kan uw loonverwerking stilleggen): vervang hun certificaten door nieuwe, of bevestig dat de sleutels buiten bereik zijn.',
    ],
    action: { intro: 'Bekijk de accounts in Chaman:', label: 'Chaman openen', url: p.url },
    after: ['U ontvangt deze e-mail omdat u toegangsbeheerder van deze onderneming bent.'],
  }),
  de: (p) => ({
    subject: `Chaman: ${p.accounts.length} REST-Konto/Konten von ${p.company} zu prüfen`,
    greeting: `Guten Tag ${p.firstName},`,
    paragraphs: [
      `${p.who} hat keinen Zugang mehr zu Chaman für ${p.company} (${p.cause === 'role' ? 'die Rolle wurde entzogen' : 'das Mandat ist beendet'}) und hat diese REST-Konten erstellt oder ihnen ein Zertifikat hinzugefügt: ${p.accounts.join(', ')}.`,
      'Möglicherweise besitzt diese Person noch einen privaten Schlüssel, der Token für diese Konten erhält. Die Konten funktionieren weiter (sie zu deaktivieren könnte Ihre Lohnabrechnung stoppen): ersetzen Sie ihre Zertifikate durch neue oder bestätigen Sie, dass die Schlüssel außer Reichweite sind.',
    ],
    action: { intro: 'Prüfen Sie die Konten in Chaman:', label: 'Chaman öffnen', url: p.url },
    after: ['Sie erhalten diese E-Mail, weil Sie Zugangsverwalter dieses Unternehmens sind.'],
  }),
};

export interface CertificateExpiryParams {
  /** The person's first name; null for a company's shared address. */
  firstName: string | null;
  company: string;
  certificate: string;
  /** The day it ends (ended), YYYY-MM-DD, UTC. */
  notAfter: string;
  /** Whole days left; 0 once it has ended. */
  daysLeft: number;
  /** The accounts using it, each with the link to its page. */
  accounts: { name: string; clientId: string; url: string }[];
  /** The company's certificates page. */
  certificatesUrl: string;
}

const accountLines = (p: CertificateExpiryParams) => p.accounts.map((a) => `- ${a.name} (${a.clientId}): ${a.url}`).join('\n');

/** An expiry reminder: sent at 60, 30, 14, 7 and 1 days before a certificate in use ends, and on the day it ended. */
const certificateExpiry: Template<CertificateExpiryParams> = {
  en: (p) => ({
    subject: p.daysLeft === 0 ? `The certificate "${p.certificate}" of ${p.company} has expired` : `The certificate "${p.certificate}" of ${p.company} expires in ${p.daysLeft} day${p.daysLeft === 1 ? '' : 's'}`,
    greeting: p.firstName ? `Hello ${p.firstName},` : 'Hello,',
    paragraphs: [
      p.daysLeft === 0
        ? `The certificate "${p.certificate}" of ${p.company} ended on ${p.notAfter}. The REST accounts below can no longer obtain tokens with it:`
        : `The certificate "${p.certificate}" of ${p.company} ends on ${p.notAfter}. After that day the REST accounts below can no longer obtain tokens with it:`,
      accountLines(p),
      'What to do: get a new certificate, add it to each of these accounts (open its page, "Add a certificate"), switch your application to the new key, then remove the old certificate. Both work side by side until you remove the old one.',
    ],
    action: { intro: 'The company’s certificates:', label: 'Open the certificates', url: p.certificatesUrl },
    after: ['You receive this reminder because you may use Chaman for this company. You can turn reminders off on your account page.'],
  }),
  fr: (p) => ({
    subject: p.daysLeft === 0 ? `Le certificat « ${p.certificate} » de ${p.company} a expiré` : `Le certificat « ${p.certificate} » de ${p.company} expire dans ${p.daysLeft} jour${p.daysLeft === 1 ? '' : 's'}`,
    greeting: p.firstName ? `Bonjour ${p.firstName},` : 'Bonjour,',
    paragraphs: [
      p.daysLeft === 0
        ? `Le certificat « ${p.certificate} » de ${p.company} a pris fin le ${p.notAfter}. Les comptes REST ci-dessous ne peuvent plus obtenir de jetons avec lui :`
        : `Le certificat « ${p.certificate} » de ${p.company} prend fin le ${p.notAfter}. Après ce jour, les comptes REST ci-dessous ne pourront plus obtenir de jetons avec lui :`,
      accountLines(p),
      "Que faire : obtenez un nouveau certificat, ajoutez-le à chacun de ces comptes (ouvrez sa page, « Ajouter un certificat »), passez votre application à la nouvelle clé, puis retirez l'ancien certificat. Les deux fonctionnent côte à côte jusqu'à ce que vous retiriez l'ancien.",
    ],
    action: { intro: "Les certificats de l'entreprise :", label: 'Ouvrir les certificats', url: p.certificatesUrl },
    after: ['Vous recevez ce rappel parce que vous pouvez utiliser Chaman pour cette entreprise. Vous pouvez désactiver les rappels sur la page de votre compte.'],
  }),
  nl: (p) => ({
    subject: p.daysLeft === 0 ? `Het certificaat "${p.certificate}" van ${p.company} is verlopen` : `Het certificaat "${p.certificate}" van ${p.company} verloopt over ${p.daysLeft} dag${p.daysLeft === 1 ? '' : 'en'}`,
    greeting: p.firstName ? `Beste ${p.firstName},` : 'Beste,',
    paragraphs: [
      p.daysLeft === 0
        ? `Het certificaat "${p.certificate}" van ${p.company} is op ${p.notAfter} verlopen. De REST-accounts hieronder kunnen er geen tokens meer mee verkrijgen:`
        : `Het certificaat "${p.certificate}" van ${p.company} verloopt op ${p.notAfter}. Na die dag kunnen de REST-accounts hieronder er geen tokens meer mee verkrijgen:`,
      accountLines(p),
      'Wat te doen: vraag een nieuw certificaat aan, voeg het toe aan elk van deze accounts (open de pagina van het account, "Een certificaat toevoegen"), schakel uw toepassing over op de nieuwe sleutel en verwijder dan het oude certificaat. Beide werken naast elkaar tot u het oude verwijdert.',
    ],
    action: { intro: 'De certificaten van de onderneming:', label: 'De certificaten openen', url: p.certificatesUrl },
    after: ['U ontvangt deze herinnering omdat u Chaman voor deze onderneming mag gebruiken. U kunt herinneringen uitschakelen op de pagina van uw account.'],
  }),
  de: (p) => ({
    subject: p.daysLeft === 0 ? `Das Zertifikat „${p.certificate}“ von ${p.company} ist abgelaufen` : `Das Zertifikat „${p.certificate}“ von ${p.company} läuft in ${p.daysLeft} Tag${p.daysLeft === 1 ? '' : 'en'} ab`,
    greeting: p.firstName ? `Guten Tag ${p.firstName},` : 'Guten Tag,',
    paragraphs: [
      p.daysLeft === 0
        ? `Das Zertifikat „${p.certificate}“ von ${p.company} ist am ${p.notAfter} abgelaufen. Die folgenden REST-Konten erhalten damit keine Tokens mehr:`
        : `Das Zertifikat „${p.certificate}“ von ${p.company} läuft am ${p.notAfter} ab. Danach erhalten die folgenden REST-Konten damit keine Tokens mehr:`,
      accountLines(p),
      'Was zu tun ist: Besorgen Sie ein neues Zertifikat, fügen Sie es jedem dieser Konten hinzu (Seite des Kontos öffnen, „Zertifikat hinzufügen“), stellen Sie Ihre Anwendung auf den neuen Schlüssel um und entfernen Sie dann das alte Zertifikat. Beide funktionieren nebeneinander, bis Sie das alte entfernen.',
    ],
    action: { intro: 'Die Zertifikate des Unternehmens:', label: 'Zertifikate öffnen', url: p.certificatesUrl },
    after: ['Sie erhalten diese Erinnerung, weil Sie Chaman für dieses Unternehmen nutzen dürfen. Sie können Erinnerungen auf der Seite Ihres Kontos ausschalten.'],
  }),
};

export interface NotificationEmailProofParams {
  company: string;
  /** The shared address being proven. */
  email: string;
  /** Who added it (full name). */
  setBy: string;
  url: string;
}

/** Sent to a company's shared notification address: the link that proves it before reminders go there. */
const notificationEmailProof: Template<NotificationEmailProofParams> = {
  en: (p) => ({
    subject: `Confirm ${p.email} for the certificate reminders of ${p.company}`,
    greeting: 'Hello,',
    paragraphs: [`${p.setBy} added ${p.email} to Chaman as the address that receives the certificate expiry reminders of ${p.company}. Nothing is sent to it until it is confirmed.`],
    action: { intro: 'Confirm it by opening this link within 24 hours:', label: 'Confirm this address', url: p.url },
    after: ['If you do not expect these reminders, ignore this mail: without this confirmation, none are sent here.'],
  }),
  fr: (p) => ({
    subject: `Confirmez ${p.email} pour les rappels de certificats de ${p.company}`,
    greeting: 'Bonjour,',
    paragraphs: [`${p.setBy} a ajouté ${p.email} dans Chaman comme adresse qui reçoit les rappels d'expiration des certificats de ${p.company}. Rien n'y est envoyé tant qu'elle n'est pas confirmée.`],
    action: { intro: 'Confirmez-la en ouvrant ce lien dans les 24 heures :', label: 'Confirmer cette adresse', url: p.url },
    after: ["Si vous n'attendez pas ces rappels, ignorez ce message : sans cette confirmation, aucun n'est envoyé ici."],
  }),
  nl: (p) => ({
    subject: `Bevestig ${p.email} voor de certificaatherinneringen van ${p.company}`,
    greeting: 'Beste,',
    paragraphs: [`${p.setBy} heeft ${p.email} in Chaman toegevoegd als het adres dat de herinneringen over verlopende certificaten van ${p.company} ontvangt. Er wordt niets naartoe gestuurd zolang het niet bevestigd is.`],
    action: { intro: 'Bevestig het door deze link binnen 24 uur te openen:', label: 'Dit adres bevestigen', url: p.url },
    after: ['Verwacht u deze herinneringen niet? Negeer dan deze e-mail: zonder deze bevestiging wordt er niets naartoe gestuurd.'],
  }),
  de: (p) => ({
    subject: `Bestätigen Sie ${p.email} für die Zertifikatserinnerungen von ${p.company}`,
    greeting: 'Guten Tag,',
    paragraphs: [`${p.setBy} hat ${p.email} in Chaman als Adresse für die Erinnerungen an ablaufende Zertifikate von ${p.company} eingetragen. Bis zur Bestätigung wird nichts dorthin gesendet.`],
    action: { intro: 'Bestätigen Sie sie, indem Sie diesen Link innerhalb von 24 Stunden öffnen:', label: 'Adresse bestätigen', url: p.url },
    after: ['Falls Sie diese Erinnerungen nicht erwarten, ignorieren Sie diese E-Mail: Ohne Bestätigung wird nichts hierher gesendet.'],
  }),
};

export interface WebhookDisabledParams {
  firstName: string | null;
  company: string;
  url: string;
  /** Since when every delivery failed (YYYY-MM-DD HH:MM, UTC). */
  failingSince: string;
  /** The webhooks page. */
  pageUrl: string;
}

/** Sent to a company's access managers when one of its webhook endpoints failed for 24 hours and was disabled. */
const webhookDisabled: Template<WebhookDisabledParams> = {
  en: (p) => ({
    subject: `A webhook endpoint of ${p.company} was disabled`,
    greeting: p.firstName ? `Hello ${p.firstName},` : 'Hello,',
    paragraphs: [`Every delivery to ${p.url} has failed since ${p.failingSince} (UTC), so Chaman disabled this endpoint: it receives no more events.`],
    action: { intro: 'Once it works again, enable it on the webhooks page (its delivery log shows the answers it gave):', label: 'Open the webhooks', url: p.pageUrl },
    after: ['You receive this mail because you manage access for this company.'],
  }),
  fr: (p) => ({
    subject: `Un point de terminaison webhook de ${p.company} a été désactivé`,
    greeting: p.firstName ? `Bonjour ${p.firstName},` : 'Bonjour,',
    paragraphs: [`Toutes les livraisons vers ${p.url} échouent depuis le ${p.failingSince} (UTC) : Chaman a donc désactivé ce point de terminaison, qui ne reçoit plus d'événements.`],
    action: { intro: 'Quand il fonctionne à nouveau, réactivez-le sur la page des webhooks (son journal des livraisons montre les réponses reçues) :', label: 'Ouvrir les webhooks', url: p.pageUrl },
    after: ["Vous recevez ce message parce que vous gérez les accès de cette entreprise."],
  }),
  nl: (p) => ({
    subject: `Een webhook-eindpunt van ${p.company} is uitgeschakeld`,
    greeting: p.firstName ? `Beste ${p.firstName},` : 'Beste,',
    paragraphs: [`Elke levering aan ${p.url} mislukt sinds ${p.failingSince} (UTC). Daarom heeft Chaman dit eindpunt uitgeschakeld: het ontvangt geen gebeurtenissen meer.`],
    action: { intro: 'Schakel het weer in op de webhookpagina zodra het weer werkt (het leveringslogboek toont de ontvangen antwoorden):', label: 'De webhooks openen', url: p.pageUrl },
    after: ['U ontvangt deze e-mail omdat u de toegang voor deze onderneming beheert.'],
  }),
  de: (p) => ({
    subject: `Ein Webhook-Endpunkt von ${p.company} wurde deaktiviert`,
    greeting: p.firstName ? `Guten Tag ${p.firstName},` : 'Guten Tag,',
    paragraphs: [`Jede Zustellung an ${p.url} schlägt seit ${p.failingSince} (UTC) fehl. Chaman hat diesen Endpunkt daher deaktiviert: Er erhält keine Ereignisse mehr.`],
    action: { intro: 'Sobald er wieder funktioniert, aktivieren Sie ihn auf der Webhook-Seite (das Zustellprotokoll zeigt die erhaltenen Antworten):', label: 'Webhooks öffnen', url: p.pageUrl },
    after: ['Sie erhalten diese E-Mail, weil Sie die Zugänge dieses Unternehmens verwalten.'],
  }),
};

/** Every mail kind. A new kind is a template here and an `enqueue` call where its change happens. */
export const templates = {
  invitation,
  registrationDecision,
  verification,
  passwordReset,
  restAccountReview,
  certificateExpiry,
  notificationEmailProof,
  webhookDisabled,
};

export type MailKind = keyof typeof templates;
export type MailParams<K extends MailKind> = (typeof templates)[K] extends Template<infer P> ? P : never;

/** A mail ready to send. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** A subject is one header line: a value with a line break in it must not start a new header. */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').trim();

export function render(content: MailContent, language: Language): RenderedMail {
  const { action } = content;
  const text = [
    content.greeting,
    ...content.paragraphs,
    ...(action ? [`${action.intro}\n${action.url}`] : []),
    ...content.after,
    `-- \n${SIGNATURE}`,
  ].join('\n\n');
  const p = (t: string) => `<p style="margin:0 0 16px">${escapeHtml(t)}</p>`;
  const button = action
    ? `${p(action.intro)}<p style="margin:0 0 16px"><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 18px;background:#1f5fa8;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#57606a">${escapeHtml(action.url)}</p>`
    : '';
  const html =
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(oneLine(content.subject))}</title></head>` +
    `<body style="margin:0;padding:24px;font-family:-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2328">` +
    `<div style="max-width:560px;margin:0 auto">${p(content.greeting)}${content.paragraphs.map(p).join('')}${button}${content.after.map(p).join('')}` +
    `<p style="margin:24px 0 0;color:#57606a">${escapeHtml(SIGNATURE)}</p></div></body></html>`;
  return { subject: oneLine(content.subject), text, html };
}

/** The mail of `kind` in `language`, worded from `params`. */
export function renderMail<K extends MailKind>(kind: K, language: Language, params: MailParams<K>): RenderedMail {
  const template = templates[kind] as Template<MailParams<K>>;
  return render(template[language](params), language);
}
