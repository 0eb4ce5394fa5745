import type { FastifyError, FastifyInstance } from 'fastify';

/**
 * The API takes JSON only, as strict UTF-8. Fastify's default would silently replace invalid
 * bytes (so a name could be stored with U+FFFD in it) and would also accept text/plain bodies.
 * Prototype-poisoning protection stays Fastify's own (its default JSON parser does the parsing).
 */
export function strictJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body as Buffer);
    } catch {
      const err = new Error('The request body is not valid UTF-8.') as FastifyError;
      err.statusCode = 400;
      return done(err, undefined);
    }
    parseJson(req, text, done);
  });
}
