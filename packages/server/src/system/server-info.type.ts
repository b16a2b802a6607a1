import { Field, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'Single sign-on with an OpenID provider, as this server offers it' })
export class SingleSignOn {
  @Field(() => String, { description: 'The name to show: "Sign in with <name>"' })
  name: string;

  @Field(() => String, {
    description: 'Where the browser goes to sign in: GET it with ?returnTo=/a/path/on/this/server (anything else returns to /); failures come back to /sign-in?error=<reason>',
  })
  startPath: string;
}

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

  @Field(() => SingleSignOn, { nullable: true, description: 'Single sign-on offered beside passwords; null when it is not configured' })
  singleSignOn: SingleSignOn | null;
}
