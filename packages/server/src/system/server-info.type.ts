import { Field, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'Facts about this Chaman server that clients may need' })
export class ServerInfo {
  @Field(() => String, { description: 'The server version (semantic versioning)' })
  version: string;

  @Field(() => Date, {
    description:
      "The server's clock. Clients that sign OAuth client assertions can compare it with their own clock: assertions are refused when iat or nbf is more than 60 seconds in the future",
  })
  now: Date;

  @Field(() => String, { description: 'The OAuth issuer (iss of access tokens)' })
  issuer: string;

  @Field(() => String, { description: 'The OAuth token endpoint; also the audience (aud) client assertions must carry' })
  tokenEndpoint: string;

  @Field(() => String, { description: 'Where resource servers fetch the public keys that verify access tokens' })
  jwksUri: string;
}
