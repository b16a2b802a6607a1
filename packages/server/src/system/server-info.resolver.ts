import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { JWKS_PATH, TOKEN_PATH } from '../oauth/oauth.routes.js';
import { SERVER_VERSION } from '../version.js';
import { ServerInfo } from './server-info.type.js';

@Resolver()
export class ServerInfoResolver {
  @Query(() => ServerInfo, { description: 'The server version and clock; needs no authentication' })
  serverInfo(@Ctx() ctx: Context): ServerInfo {
    const issuer = ctx.config.publicUrl;
    return { version: SERVER_VERSION, now: new Date(), issuer, tokenEndpoint: `${issuer}${TOKEN_PATH}`, jwksUri: `${issuer}${JWKS_PATH}` };
  }
}
