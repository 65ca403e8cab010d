/**
 * Decoding a response body by its `Content-Encoding`, as fetch does. node:http hands over
 * the bytes as sent, so without this a gzip-compressed HTML login page answering a PUT
 * would reach the "is this Thulium's API?" check as binary noise and pass as success.
 *
 * Lenient like undici (browsers too): a body cut short is decoded as far as it goes, and
 * an empty body is empty whatever its declared encoding. A coding this tool cannot decode
 * makes a non-empty body fail to read, so it is never judged on bytes it cannot see.
 */
import type { IncomingMessage } from "node:http";
import { pipeline, type Readable, Transform, type TransformCallback } from "node:stream";
import {
  constants,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
} from "node:zlib";

const ZLIB_LENIENT = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
const BROTLI_LENIENT = {
  flush: constants.BROTLI_OPERATION_FLUSH,
  finishFlush: constants.BROTLI_OPERATION_FLUSH,
};

/** The response body with every content coding undone (the body itself when there is none). */
export function decodedBody(incoming: IncomingMessage): Readable {
  const header = incoming.headers["content-encoding"];
  if (header === undefined) return incoming;
  // Codings are listed in the order they were applied, so they are undone in reverse.
  const codings = header
    .toLowerCase()
    .split(",")
    .map((coding) => coding.trim())
    .filter((coding) => coding !== "" && coding !== "identity")
    .reverse();
  if (codings.length === 0) return incoming;
  const decoders = codings.map(decoderFor);
  // The last stream carries any error (corrupt data, an unknown coding, an abort) to the reader.
  return pipeline([incoming, ...decoders], () => undefined) as unknown as Readable;
}

function decoderFor(coding: string): Transform {
  switch (coding) {
    case "gzip":
    case "x-gzip":
      return createGunzip(ZLIB_LENIENT);
    case "br":
      return createBrotliDecompress(BROTLI_LENIENT);
    case "deflate":
      return new InflateZlibOrRaw();
    default:
      return new Undecodable(coding);
  }
}

/**
 * "deflate" is meant to be zlib-wrapped (RFC 9110), but some servers send raw deflate. A
 * zlib stream's first byte has 8 (deflate) as its low nibble; anything else is taken as raw.
 */
class InflateZlibOrRaw extends Transform {
  #inner: Transform | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#inner === undefined) {
      const zlibWrapped = chunk.length > 0 && ((chunk[0] ?? 0) & 0x0f) === 0x08;
      const inner = zlibWrapped ? createInflate(ZLIB_LENIENT) : createInflateRaw(ZLIB_LENIENT);
      inner.on("data", (data: Buffer) => this.push(data));
      inner.on("error", (error) => this.destroy(error));
      this.#inner = inner;
    }
    this.#inner.write(chunk, () => callback());
  }

  override _flush(callback: TransformCallback): void {
    const inner = this.#inner;
    if (inner === undefined) {
      callback();
      return;
    }
    inner.once("end", () => callback());
    inner.end();
  }
}

/** A coding this tool cannot decode: fine while the body is empty, an error at its first byte. */
class Undecodable extends Transform {
  constructor(private readonly coding: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (chunk.length === 0) {
      callback();
      return;
    }
    const error = Object.assign(
      new Error(
        `its content encoding ${JSON.stringify(this.coding)} is not one this tool reads (gzip, br, deflate)`,
      ),
      { code: "ERR_UNSUPPORTED_CONTENT_ENCODING" },
    );
    callback(error);
  }
}
