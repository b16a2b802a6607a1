import { Query, Resolver } from 'type-graphql';
import { SERVER_VERSION } from '../version.js';
import { ServerInfo } from './server-info.type.js';

@Resolver()
export class ServerInfoResolver {
  @Query(() => ServerInfo, { description: 'The server version and clock; needs no authentication' })
  serverInfo(): ServerInfo {
    return { version: SERVER_VERSION, now: new Date() };
  }
}
