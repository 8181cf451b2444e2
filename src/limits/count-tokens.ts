import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';

/**
 * The number of lexical tokens in a GraphQL document, counted the way graphql-js' `maxTokens`
 * parse option counts them (comments are not tokens). Lexing is linear and allocates no AST, so
 * an oversized document is measured and refused before anything parses or validates it. A lexical
 * error ends the count where it occurs: the parser will report that error itself.
 */
export function countTokens(text: string): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
  }
  return count;
}
