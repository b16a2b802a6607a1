import 'reflect-metadata';
import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Context } from './context.js';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { AuthResolver } from '../access/auth.resolver.js';
import { PersonHistoryResolver } from '../access/person-history.resolver.js';
import { PersonResolver } from '../access/person.resolver.js';
import { OperatorResolver } from '../access/operator.resolver.js';
import { MandateResolver, RoleResolver } from '../access/role.resolver.js';
import { CertificateResolver, CompanyCertificateResolver } from '../certificate/certificate.resolver.js';
import { CompanyResolver } from '../company/company.resolver.js';
import { RegistrationResolver } from '../company/registration.resolver.js';
import { CompanyChannelResolver, PermissionResolver, RestAccountResolver, synchronousResolvers } from '../rest-account/rest-account.resolver.js';
import { AssertionDebuggerResolver } from '../oauth/assertion-debugger.resolver.js';
import { CompanyReminderResolver, PersonReminderResolver } from '../reminder/reminder.resolver.js';
import { ServerInfoResolver } from '../system/server-info.resolver.js';
import { CompanyWebhookResolver, WebhookResolver } from '../webhook/webhook.resolver.js';
import { totalCountResolvers } from './connection.js';

// Every object type is declared with simpleResolvers: its plain fields resolve with graphql-js's
// default resolver instead of a type-graphql wrapper per field (no middlewares are used here), which
// is a few hundred calls fewer per page of accounts.

/** Every resolver of the API. The schema, and so `schema.graphql`, is built from this list alone. */
export const resolvers: NonEmptyArray<Function> = [
  ServerInfoResolver,
  AuthResolver,
  PersonHistoryResolver,
  PersonResolver,
  CompanyResolver,
  RegistrationResolver,
  OperatorResolver,
  RoleResolver,
  MandateResolver,
  CertificateResolver,
  RestAccountResolver,
  PermissionResolver,
  CompanyChannelResolver,
  CompanyCertificateResolver,
  AssertionDebuggerResolver,
  PersonReminderResolver,
  CompanyReminderResolver,
  WebhookResolver,
  CompanyWebhookResolver,
];

let cached: Promise<GraphQLSchema> | undefined;

export function buildGraphQLSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    validate: false,
    emitSchemaFile: false,
    // The public contract names the scalar DateTime (RFC 3339), not type-graphql's default DateTimeISO.
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  }).then((schema) => withPlainResolvers(schema, { ...synchronousResolvers, ...totalCountResolvers() }));
  return cached;
}

type PlainResolvers = Record<string, Record<string, (source: never, args: never, context: Context) => unknown>>;

/** Puts plain resolvers in place of type-graphql's, or of the default one, for the fields named. */
function withPlainResolvers(schema: GraphQLSchema, plain: PlainResolvers): GraphQLSchema {
  for (const [typeName, fields] of Object.entries(plain)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type of the schema`);
    for (const [name, resolve] of Object.entries(fields)) {
      const field = type.getFields()[name];
      if (!field) throw new Error(`${typeName}.${name} is not a field of the schema`);
      field.resolve = resolve as unknown as GraphQLFieldResolver<unknown, Context>;
    }
  }
  return schema;
}
