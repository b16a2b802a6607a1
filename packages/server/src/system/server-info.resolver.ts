import { Ctx, Query, Resolver } from 'type-graphql';
import { OIDC_START_PATH } from '../access/oidc.routes.js';
import type { Context } from '../graphql/context.js';
import { JWKS_PATH, TOKEN_PATH } from '../oauth/oauth.routes.js';
import { SERVER_VERSION } from '../version.js';
import { ServerInfo } from './server-info.type.js';

@Resolver()
export class ServerInfoResolver {
  @Query(() => ServerInfo, { description: 'The server version and clock; needs no authentication' })
  serverInfo(@Ctx() ctx: Context): ServerInfo {
    const issuer = ctx.config.publicUrl;
    const oidc = ctx.config.oidc;
    return {
      version: SERVER_VERSION,
      now: new Date(),
      issuer,
      tokenEndpoint: `${issuer}${TOKEN_PATH}`,
      jwksUri: `${issuer}${JWKS_PATH}`,
      singleSignOn: oidc ? { name: oidc.name, startPath: OIDC_START_PATH } : null,
    };
  }
}
