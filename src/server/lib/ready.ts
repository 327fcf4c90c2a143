import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { matchesIfNoneMatch } from './etag.ts';

const gzipped = promisify(gzip);

/**
 * An answer kept ready to send: its bytes, the same gzip-compressed, and its entity tag. Large
 * answers read far more often than their data changes (the roadmap, a published indicator) are
 * kept like this in the cache, so a repeated request costs a version read and a write of bytes.
 */
export interface ReadyAnswer {
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

export async function readyAnswer(content: string | Buffer): Promise<ReadyAnswer> {
  const body = typeof content === 'string' ? Buffer.from(content) : content;
  return { body, gzip: await gzipped(body), etag: `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

export const readySize = (answer: ReadyAnswer) => answer.body.byteLength + answer.gzip.byteLength;

/** Whether the client takes gzip (RFC 9110 §12.5.3: a coding listed without q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding = '', ...params] = part.split(';');
    if (coding.trim().toLowerCase() !== 'gzip') return false;
    return !params.some((param) => {
      const [name = '', value = ''] = param.split('=');
      return name.trim().toLowerCase() === 'q' && Number(value.trim()) === 0;
    });
  });
}

/** Sends a ready answer: 304 to a client that has it, gzip to one that takes it, the bytes otherwise. */
export function sendReady(request: FastifyRequest, reply: FastifyReply, answer: ReadyAnswer, mediaType: string, cacheControl = 'public, no-cache') {
  reply.header('etag', answer.etag).header('cache-control', cacheControl).header('vary', 'accept-encoding');
  if (matchesIfNoneMatch(request.headers['if-none-match'], answer.etag)) return reply.code(304).send(null);
  reply.type(mediaType);
  if (acceptsGzip(request.headers['accept-encoding'])) return reply.header('content-encoding', 'gzip').send(answer.gzip);
  return reply.send(answer.body);
}
