// The endpoints' paths under the module name they had before the routes moved to oauth.routes.ts:
// system/server-info.resolver.ts and bench/ import them from here. Point those at oauth.routes.js
// and delete this file.
export { INTROSPECTION_PATH, JWKS_PATH, METADATA_PATH, TOKEN_PATH } from './oauth.routes.js';
