/**
 * Why the server refused a request before running it (the GraphQL edge's limits), as
 * `extensions.reason` beside the code BAD_USER_INPUT; `extensions.params` holds the limit.
 */
export const RequestErrors = {
  /** Text with a NUL (\u0000) character, in the document or a variable. */
  nulCharacter: 'request/nul-character',
  /** A document of more than `maxTokens` tokens. */
  tooManyTokens: 'request/too-many-tokens',
  /** A query whose estimated number of fields resolved, `cost`, is over `maxCost`. */
  tooCostly: 'request/too-costly',
  /** Fields nested deeper than `maxDepth`. */
  tooDeep: 'request/too-deep',
  /** More than `maxAliases` aliases. */
  tooManyAliases: 'request/too-many-aliases',
  /** More than `maxDirectives` directives. */
  tooManyDirectives: 'request/too-many-directives',
  /** Variables holding lists or objects nested deeper than `maxDepth`. */
  variablesTooDeep: 'request/variables-too-deep',
  /** A field whose arguments are secrets (`field`: debugClientAssertion) sent over GET, whose URL logs keep. */
  postOnly: 'request/post-only',
} as const;
export type RequestErrorCode = (typeof RequestErrors)[keyof typeof RequestErrors];
